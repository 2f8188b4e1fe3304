/** The audit trail: append-only records of who did what, when and why, chained by hashes so tampering shows. */
package com.bazaar.domain.audit;
