/**
 * The outbox relay's Kafka side: an idempotent producer that publishes outbox rows to one topic per aggregate type and
 * major version (docs/events.md, "Topics"), keyed by aggregate id, and creates missing topics.
 */
package com.bazaar.events.relay;
