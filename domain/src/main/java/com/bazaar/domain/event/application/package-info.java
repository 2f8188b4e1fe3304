/**
 * The event module's use cases: the dead letters of the consumers (recording them; listing, replaying and discarding
 * them, each checked against the access matrix, the changes audited).
 */
package com.bazaar.domain.event.application;
