package com.bazaar.domain.audit;

import java.util.Objects;

/** What anchors this host's trail outside the database: the installation's audit key and the anchors file. */
public record AuditAnchoring(AuditKeys keys, AuditAnchors anchors) {

    public AuditAnchoring {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(anchors, "anchors");
    }
}
