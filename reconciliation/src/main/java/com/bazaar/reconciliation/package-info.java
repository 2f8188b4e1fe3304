/** Settlement-report parsing and the matching engine. Empty until issue 5 builds it. */
package com.bazaar.reconciliation;
