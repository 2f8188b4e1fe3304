package com.bazaar.domain.identity;

/** One cell of the role x action matrix. */
public enum Access {
    /** Allowed on any data. */
    ALLOW("yes"),
    /** Allowed only on the data of the seller the user is bound to. */
    OWN("own"),
    /** Not allowed. */
    DENY("-");

    private final String symbol;

    Access(String symbol) {
        this.symbol = symbol;
    }

    /** How the cell is written in docs/rbac.md. */
    public String symbol() {
        return symbol;
    }
}
