package com.bazaar.domain.limits;

/** What a rate limit counts, and per whom; the name is the setting's ({@code limits.order.per-buyer}) tail. */
public enum LimitScope {
    /** Orders placed for one buyer, whoever places them (command line, console, queue). */
    ORDER_PER_BUYER("order.per-buyer"),
    /** Orders placed with one seller. */
    ORDER_PER_SELLER("order.per-seller");

    private final String code;

    LimitScope(String code) {
        this.code = code;
    }

    /** As in settings, metrics ({@code scope} tag) and the refusal's message, e.g. {@code order.per-buyer}. */
    public String code() {
        return code;
    }
}
