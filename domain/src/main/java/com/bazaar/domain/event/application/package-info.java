/**
 * The event module's use cases: publishing the outbox (one relay at a time, at-least-once, lowest id first),
 * showing what still waits, and the consumers' dead letters (recording them; listing, replaying and discarding them).
 * Each checks the access matrix first; the changes are audited.
 */
package com.bazaar.domain.event.application;
