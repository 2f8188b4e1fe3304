/**
 * The event relay's use cases: publishing the outbox (one relay at a time, at-least-once, lowest id first) and
 * showing what still waits. Each checks the access matrix first.
 */
package com.bazaar.domain.event.application;
