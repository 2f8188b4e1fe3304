/** The inventory sync job: a seller's warehouse counts (absolute or deltas) checked by the domain and applied. */
package com.bazaar.batch.inventory;
