/** Domain events: versioned facts recorded in the outbox in the same transaction as the change (docs/events.md). */
package com.bazaar.domain.event;
