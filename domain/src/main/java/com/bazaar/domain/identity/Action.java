package com.bazaar.domain.identity;

/**
 * Every protected action of the system, named as in docs/rbac.md and in the audit trail. The list covers the
 * whole designed system; actions of later features are declared here so that the permission model is one
 * written table from the start.
 */
public enum Action {
    USER_CREATE("user.create"),
    USER_LIST("user.list"),
    USER_REVOKE("user.revoke"),
    SELLER_CREATE("seller.create"),
    SELLER_VIEW("seller.view"),
    SELLER_SUSPEND("seller.suspend"),
    SELLER_REINSTATE("seller.reinstate"),
    PRODUCT_VIEW("product.view"),
    PRODUCT_MANAGE("product.manage"),
    PRICE_MANAGE("price.manage"),
    INVENTORY_VIEW("inventory.view"),
    INVENTORY_ADJUST("inventory.adjust"),
    INVENTORY_RELEASE_EXPIRED("inventory.release-expired"),
    ORDER_VIEW("order.view"),
    ORDER_PLACE("order.place"),
    ORDER_FULFIL("order.fulfil"),
    ORDER_CANCEL("order.cancel"),
    PAYMENT_CAPTURE("payment.capture"),
    PAYMENT_SETTLE_IN_DOUBT("payment.settle-in-doubt"),
    REFUND_ISSUE("refund.issue"),
    REFUND_SETTLE_PENDING("refund.settle-pending"),
    LEDGER_VIEW("ledger.view"),
    JOB_SELLER_IMPORT("job.seller-import"),
    JOB_VIEW("job.view"),
    JOB_CONTROL("job.control"),
    RECON_RUN("recon.run"),
    RECON_VIEW("recon.view"),
    RECON_RESOLVE("recon.resolve"),
    RECON_APPROVE("recon.approve"),
    AUDIT_VIEW("audit.view"),
    AUDIT_VERIFY("audit.verify"),
    AUDIT_EXPORT("audit.export"),
    AUDIT_ANCHOR("audit.anchor"),
    OPS_SERVE("ops.serve"),
    EVENTS_RELAY("events.relay"),
    EVENTS_VIEW("events.view"),
    DLQ_VIEW("dlq.view"),
    DLQ_MANAGE("dlq.manage"),
    SALES_VIEW("sales.view");

    private final String code;

    Action(String code) {
        this.code = code;
    }

    /** The name used in docs, audit records and error messages, e.g. {@code seller.create}. */
    public String code() {
        return code;
    }
}
