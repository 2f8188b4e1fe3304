package com.bazaar.domain.limits;

/**
 * What a rate limit counts, and per whom; the name is the setting's tail ({@code limits.order.per-buyer},
 * {@code limits.command.per-user}).
 */
public enum LimitScope {
    /** Orders placed for one buyer, whoever places them (command line, console, queue). */
    ORDER_PER_BUYER("order.per-buyer"),
    /** Orders placed with one seller. */
    ORDER_PER_SELLER("order.per-seller"),
    /**
     * Commands of one user that change something (an action of kind
     * {@link com.bazaar.domain.identity.Action.Kind#CHANGE}): one token per command, however many rows it changes
     * ({@link CommandLimit}).
     */
    COMMAND_PER_USER("command.per-user");

    private final String code;

    LimitScope(String code) {
        this.code = code;
    }

    /** As in settings, metrics ({@code scope} tag) and the refusal's message, e.g. {@code order.per-buyer}. */
    public String code() {
        return code;
    }
}
