/**
 * The catalog module's use cases: creating, showing and changing products, importing a seller's catalog file, and the
 * one home of a catalog row's rules (CatalogLines). Each use case takes an {@link com.bazaar.domain.identity.Actor},
 * checks the access matrix before its transaction opens, and makes its change with its audit record and events in one
 * transaction.
 */
package com.bazaar.domain.catalog.application;
