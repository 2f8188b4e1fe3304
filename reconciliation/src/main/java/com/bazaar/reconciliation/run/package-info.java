/** The reconciliation job: stage a provider's settlement file, then classify it against payments and refunds. */
package com.bazaar.reconciliation.run;
