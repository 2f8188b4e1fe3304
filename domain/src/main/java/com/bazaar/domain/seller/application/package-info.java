/**
 * The seller module's use cases: creating, showing, listing, suspending and reinstating sellers. Each use case takes
 * an {@link com.bazaar.domain.identity.Actor}, checks the access matrix before its transaction opens, and makes its
 * change with its audit record and events in one transaction.
 */
package com.bazaar.domain.seller.application;
