/**
 * The inventory module's use cases: adjusting a product's stock and syncing a seller's warehouse counts. Each use case
 * takes an {@link com.bazaar.domain.identity.Actor}, checks the access matrix before its transaction opens, and makes
 * its change with its audit record and events in one transaction.
 */
package com.bazaar.domain.inventory.application;
