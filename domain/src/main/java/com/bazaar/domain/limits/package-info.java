/**
 * Rate limits: per buyer and per seller on order placement and per user on commands that change something, held in
 * shared token buckets ({@link com.bazaar.domain.limits.RateLimiter}) so that every process and worker sees the same
 * ones.
 */
package com.bazaar.domain.limits;
