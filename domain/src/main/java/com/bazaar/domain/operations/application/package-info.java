/**
 * The operations module's use cases: who may see and control batch jobs, and starting the operations server. Each use
 * case takes an {@link com.bazaar.domain.identity.Actor}, checks the access matrix before its transaction opens, and
 * makes its change with its audit record and events in one transaction.
 */
package com.bazaar.domain.operations.application;
