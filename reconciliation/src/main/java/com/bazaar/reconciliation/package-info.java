/** Settlement-report parsing (one parser per provider format) and the reconciliation job. */
package com.bazaar.reconciliation;
