/** The audit export job and its file format (JSON lines or CSV, with the hash chain) for offline verification. */
package com.bazaar.batch.audit;
