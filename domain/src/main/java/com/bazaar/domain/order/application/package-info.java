/**
 * The order module's use cases, one class each (place, cancel, ship, deliver, list, show, release expired
 * reservations); the access check, stock hand-back and fulfilment mechanics they share are package-private. Each use
 * case takes an {@link com.bazaar.domain.identity.Actor}, checks the access matrix before its transaction opens, and
 * makes its change with its audit record and events in one transaction.
 */
package com.bazaar.domain.order.application;
