/**
 * Domain events: versioned facts recorded in the outbox in the same transaction as the change (docs/events.md), and
 * the ports that relay them to a broker: the unpublished rows, the publisher, the one relay lease.
 */
package com.bazaar.domain.event;
