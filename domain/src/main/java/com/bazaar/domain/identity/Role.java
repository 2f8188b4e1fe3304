package com.bazaar.domain.identity;

import com.bazaar.domain.shared.ValidationException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a user may do is the union of what its roles allow (see {@link AccessPolicy} and docs/rbac.md). */
public enum Role {
    ADMIN, OPERATOR, SELLER, FINANCE, SRE, AUDITOR;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String raw) {
        String wanted = raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new ValidationException("ROLE_INVALID", "role", "unknown role '" + raw
                        + "' (roles: " + Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", ")) + ")"));
    }
}
