/**
 * What every job shares: who runs it ({@link com.bazaar.batch.support.CurrentActor}), the import parameters, the
 * error report, the progress line (and the read position of the file it shows), the log context and the file-level
 * rejection.
 */
package com.bazaar.batch.support;
