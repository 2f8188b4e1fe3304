package com.bazaar.domain.audit;

/** What became of an audited attempt. */
public enum Outcome {
    /** The change was made (recorded in the same transaction as the change). */
    SUCCESS,
    /** The actor was not allowed; nothing changed. */
    DENIED
}
