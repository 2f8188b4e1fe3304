package com.bazaar.domain.limits;

import java.time.Instant;

/**
 * Port: refusals counted per scope, subject and window (one row each, incremented), so that the audit trail records a
 * subject's first refusal in a window and not every one of a flood, and metrics can count them across processes.
 */
public interface LimitRefusals {

    /** Counts one refusal; true when it is the first of this scope, subject and window. */
    boolean count(LimitScope scope, String subject, Instant window);
}
