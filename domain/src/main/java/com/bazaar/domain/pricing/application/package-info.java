/**
 * The pricing module's use cases: creating discounts and quoting prices. Each use case takes an {@link
 * com.bazaar.domain.identity.Actor}, checks the access matrix before its transaction opens, and makes its change with
 * its audit record and events in one transaction.
 */
package com.bazaar.domain.pricing.application;
