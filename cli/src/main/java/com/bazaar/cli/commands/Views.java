package com.bazaar.cli.commands;

import com.bazaar.cli.output.Output;
import com.bazaar.domain.identity.application.UserView;
import com.bazaar.domain.audit.AuditRecord;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How domain objects look on the command line (the same keys in table and JSON output). */
final class Views {

    static final List<String> SELLER_COLUMNS = List.of("code", "name", "currency", "status", "suspension_reason");
    static final List<String> USER_COLUMNS = List.of("name", "roles", "seller", "status", "token_hint", "created_at");
    static final List<String> AUDIT_COLUMNS = List.of("seq", "occurred_at", "actor", "action", "target", "outcome",
            "reason");

    static final List<String> PRODUCT_COLUMNS = List.of("sku", "title", "price", "currency", "status", "on_hand",
            "reserved", "available");
    static final List<String> ORDER_COLUMNS = List.of("order", "buyer", "status", "total", "currency", "lines",
            "placed_at", "payment");

    private Views() {
    }

    static Map<String, Object> product(com.bazaar.domain.support.ProductView view) {
        var p = view.product();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seller", view.seller().value());
        m.put("sku", p.sku().value());
        m.put("title", p.title());
        m.put("description", p.description());
        m.put("category", p.category());
        m.put("attributes", p.attributes().values().isEmpty() ? null : p.attributes().values());
        m.put("price", p.price().decimal());
        m.put("currency", p.price().currency().value());
        m.put("status", p.status());
        m.put("on_hand", view.stock().onHand());
        m.put("reserved", view.stock().reserved());
        m.put("available", view.stock().available());
        return m;
    }

    static Map<String, Object> order(com.bazaar.domain.order.application.OrderView view) {
        var o = view.order();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("order", o.id().value());
        m.put("seller", view.seller().value());
        m.put("buyer", o.buyer().value());
        m.put("status", o.status());
        m.put("total", o.total().decimal());
        m.put("currency", o.total().currency().value());
        m.put("lines", o.lines().stream().map(l -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("sku", l.sku().value());
            line.put("quantity", l.quantity());
            line.put("unit_price", l.unitPrice().decimal());
            line.put("discount", l.discount().decimal());
            line.put("total", l.total().decimal());
            return Output.shown(line, l.sku().value() + ":" + l.quantity() + " x " + l.unitPrice().decimal()
                    + (l.discount().isZero() ? "" : " - " + l.discount().decimal()) + " = " + l.total().decimal());
        }).toList());
        m.put("placed_at", o.placedAt());
        m.put("payment", view.payment().map(p -> {
            Map<String, Object> payment = new LinkedHashMap<>();
            payment.put("id", p.id().value());
            payment.put("status", p.status());
            return Output.shown(payment, p.id() + " " + p.status());
        }));
        return m;
    }

    static final List<String> PAYMENT_COLUMNS = List.of("payment", "order", "status", "amount", "captured", "refunded",
            "currency");

    static Map<String, Object> payment(com.bazaar.domain.payment.Payment p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("payment", p.id().value());
        m.put("order", p.order().value());
        m.put("status", p.status());
        m.put("in_flight", p.inFlight());
        m.put("amount", p.amount().decimal());
        m.put("captured", p.captured().decimal());
        m.put("refunded", p.refunded().decimal());
        m.put("refundable", p.refundable().decimal());
        m.put("currency", p.amount().currency().value());
        m.put("provider_reference", p.providerReference());
        return m;
    }

    static final List<String> REFUND_COLUMNS = List.of("refund", "payment", "amount", "currency", "status", "reason");

    static Map<String, Object> refund(com.bazaar.domain.payment.Refund r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("refund", r.id());
        m.put("payment", r.payment().value());
        m.put("amount", r.amount().decimal());
        m.put("currency", r.amount().currency().value());
        m.put("status", r.status());
        m.put("reason", r.reason());
        return m;
    }

    static Map<String, Object> seller(Seller s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", s.code().value());
        m.put("name", s.name());
        m.put("currency", s.currency().value());
        m.put("status", s.status());
        m.put("suspension_reason", s.suspensionReason());
        m.put("created_at", s.createdAt());
        return m;
    }

    static Map<String, Object> user(UserView view) {
        var u = view.user();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", u.name().value());
        m.put("roles", u.roles().stream().sorted().map(Role::label).toList());
        m.put("seller", view.sellerCode().map(SellerCode::value));
        m.put("status", u.status());
        m.put("token_hint", u.tokenHint() + "...");
        m.put("created_at", u.createdAt());
        m.put("revoked_at", u.revokedAt());
        return m;
    }

    static Map<String, Object> audit(AuditRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", r.seq());
        m.put("occurred_at", r.occurredAt());
        m.put("actor", r.actorName());
        m.put("actor_roles", Output.shown(java.util.Arrays.stream(r.actorRoles().split(",")).map(String::strip)
                .filter(role -> !role.isEmpty()).toList(), r.actorRoles()));
        m.put("action", r.action());
        m.put("target", r.target());
        m.put("outcome", r.outcome());
        m.put("reason", r.reason());
        m.put("correlation_id", r.correlationId());
        m.put("before", r.before().map(Output::jsonText));
        m.put("after", r.after().map(Output::jsonText));
        m.put("prev_hash", r.previousHash());
        m.put("hash", r.hash());
        return m;
    }
}
