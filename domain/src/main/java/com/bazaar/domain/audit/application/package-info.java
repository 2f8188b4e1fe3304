/**
 * The audit module's use cases: reading the trail, verifying the chain, anchoring its head, keying it, exporting it.
 * Each use case takes an {@link com.bazaar.domain.identity.Actor}, checks the access matrix before its transaction
 * opens, and makes its change with its audit record and events in one transaction.
 */
package com.bazaar.domain.audit.application;
