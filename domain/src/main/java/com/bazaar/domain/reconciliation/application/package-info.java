/**
 * The reconciliation module's use cases: recording and classifying a run, reporting it, resolving and approving its
 * discrepancies. Each use case takes an {@link com.bazaar.domain.identity.Actor}, checks the access matrix before its
 * transaction opens, and makes its change with its audit record and events in one transaction.
 */
package com.bazaar.domain.reconciliation.application;
