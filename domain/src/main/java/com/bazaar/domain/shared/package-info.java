/** The shared kernel: errors with their exit-code kinds, bounded money and exact totals, ASCII-only number parsing, transactions, idempotency and a tiny JSON writer. */
package com.bazaar.domain.shared;
