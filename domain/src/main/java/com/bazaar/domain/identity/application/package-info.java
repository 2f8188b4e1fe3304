/**
 * The identity module's use cases: initialising an installation, authenticating a token, creating, listing and
 * revoking users. Each use case takes an {@link com.bazaar.domain.identity.Actor}, checks the access matrix before its
 * transaction opens, and makes its change with its audit record and events in one transaction.
 */
package com.bazaar.domain.identity.application;
