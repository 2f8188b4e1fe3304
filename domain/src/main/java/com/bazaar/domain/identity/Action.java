package com.bazaar.domain.identity;

/**
 * Every protected action of the system, named as in docs/rbac.md and in the audit trail. The list covers the
 * whole designed system; actions of later features are declared here so that the permission model is one
 * written table from the start.
 */
public enum Action {
    USER_CREATE("user.create", Kind.CHANGE),
    USER_LIST("user.list", Kind.READ),
    USER_REVOKE("user.revoke", Kind.CHANGE),
    SELLER_CREATE("seller.create", Kind.CHANGE),
    SELLER_VIEW("seller.view", Kind.READ),
    SELLER_SUSPEND("seller.suspend", Kind.CHANGE),
    SELLER_REINSTATE("seller.reinstate", Kind.CHANGE),
    PRODUCT_VIEW("product.view", Kind.READ),
    PRODUCT_MANAGE("product.manage", Kind.CHANGE),
    PRICE_MANAGE("price.manage", Kind.CHANGE),
    INVENTORY_VIEW("inventory.view", Kind.READ),
    INVENTORY_ADJUST("inventory.adjust", Kind.CHANGE),
    INVENTORY_SPLIT("inventory.split", Kind.CHANGE),
    INVENTORY_RELEASE_EXPIRED("inventory.release-expired", Kind.UPKEEP),
    ORDER_VIEW("order.view", Kind.READ),
    ORDER_PLACE("order.place", Kind.CHANGE),
    ORDER_FULFIL("order.fulfil", Kind.CHANGE),
    ORDER_CANCEL("order.cancel", Kind.CHANGE),
    PAYMENT_CAPTURE("payment.capture", Kind.CHANGE),
    PAYMENT_SETTLE_IN_DOUBT("payment.settle-in-doubt", Kind.UPKEEP),
    REFUND_ISSUE("refund.issue", Kind.CHANGE),
    REFUND_SETTLE_PENDING("refund.settle-pending", Kind.UPKEEP),
    LEDGER_VIEW("ledger.view", Kind.READ),
    JOB_SELLER_IMPORT("job.seller-import", Kind.CHANGE),
    JOB_VIEW("job.view", Kind.READ),
    JOB_CONTROL("job.control", Kind.CHANGE),
    RECON_RUN("recon.run", Kind.CHANGE),
    RECON_VIEW("recon.view", Kind.READ),
    RECON_RESOLVE("recon.resolve", Kind.CHANGE),
    RECON_APPROVE("recon.approve", Kind.CHANGE),
    AUDIT_VIEW("audit.view", Kind.READ),
    AUDIT_VERIFY("audit.verify", Kind.READ),
    AUDIT_EXPORT("audit.export", Kind.READ),
    AUDIT_ANCHOR("audit.anchor", Kind.UPKEEP),
    OPS_SERVE("ops.serve", Kind.UPKEEP),
    EVENTS_RELAY("events.relay", Kind.UPKEEP),
    EVENTS_VIEW("events.view", Kind.READ),
    DLQ_VIEW("dlq.view", Kind.READ),
    DLQ_MANAGE("dlq.manage", Kind.CHANGE),
    SALES_VIEW("sales.view", Kind.READ);

    /**
     * What performing an action does, for the limit on commands per user (docs/rate_limits.md, "Commands per user"):
     * only {@link #CHANGE} is charged.
     */
    public enum Kind {
        /** Reads; never limited. */
        READ,
        /** Changes the marketplace's data on a user's behalf: a command's first such action takes a token. */
        CHANGE,
        /**
         * Catch-up work that {@code bazaar serve} runs on a schedule (release what expired, settle what is in doubt,
         * anchor, relay): it changes only what is due, so repeating it cannot flood anything; not limited, so that a
         * low limit never stops the installation's own upkeep.
         */
        UPKEEP
    }

    private final String code;
    private final Kind kind;

    Action(String code, Kind kind) {
        this.code = code;
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The name used in docs, audit records and error messages, e.g. {@code seller.create}. */
    public String code() {
        return code;
    }
}
