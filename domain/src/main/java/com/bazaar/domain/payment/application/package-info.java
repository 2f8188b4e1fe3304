/**
 * The payment module's use cases, one class each (authorize, capture, void, show, issue and list refunds, settle what
 * is in doubt, the ledger report); the provider mechanics they share are package-private. Each use case takes an
 * {@link com.bazaar.domain.identity.Actor}, checks the access matrix before its transaction opens, and makes its
 * change with its audit record and events in one transaction.
 */
package com.bazaar.domain.payment.application;
