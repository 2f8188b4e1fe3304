/**
 * Redis as a read-through cache of products and discount rules in front of their domain ports: read decorators for
 * the read-only use cases, invalidating decorators for every writer (after commit), and a seller generation that makes
 * every entry of a seller stale at once. A cache that does not answer is skipped, never an error.
 */
package com.bazaar.cache;
