/** The shared kernel: errors with their exit-code kinds, the acting user, transactions, idempotency and a tiny JSON writer. */
package com.bazaar.domain.shared;
