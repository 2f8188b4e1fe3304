/**
 * Application services, one per use case: each takes an {@link com.bazaar.domain.identity.Actor}, checks the
 * access matrix, makes its change and writes its audit record in one transaction.
 */
package com.bazaar.domain.application;
