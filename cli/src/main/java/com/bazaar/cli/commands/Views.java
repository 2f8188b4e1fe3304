package com.bazaar.cli.commands;

import com.bazaar.domain.application.UserView;
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

    private Views() {
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
        m.put("actor_roles", r.actorRoles());
        m.put("action", r.action());
        m.put("target", r.target());
        m.put("outcome", r.outcome());
        m.put("reason", r.reason());
        m.put("correlation_id", r.correlationId());
        m.put("before", r.before());
        m.put("after", r.after());
        m.put("prev_hash", r.previousHash());
        m.put("hash", r.hash());
        return m;
    }
}
