/**
 * Redis as a read-through cache of products and discount rules in front of their domain ports: read decorators for
 * the read-only use cases, invalidating decorators for every writer (after commit), and a seller generation that makes
 * every entry of a seller stale at once; and the rate-limit buckets in Redis ({@code limits.store: redis}), with
 * PostgreSQL's answering while it does not. A Redis that does not answer is skipped, never an error.
 */
package com.bazaar.cache;
