/** The batch refunds job: a finance file of refunds, each issued exactly once by its idempotency key. */
package com.bazaar.batch.refunds;
