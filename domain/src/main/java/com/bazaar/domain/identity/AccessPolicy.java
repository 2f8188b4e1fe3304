package com.bazaar.domain.identity;

import com.bazaar.domain.seller.SellerId;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import static com.bazaar.domain.identity.Access.ALLOW;
import static com.bazaar.domain.identity.Access.DENY;
import static com.bazaar.domain.identity.Access.OWN;

/**
 * The role x action matrix: the single source of truth for authorisation, checked by the application
 * services (never only by a front end). docs/rbac.md holds the same table; a test keeps the two equal.
 */
public final class AccessPolicy {

    private static final Map<Action, Map<Role, Access>> MATRIX = new EnumMap<>(Action.class);

    static {
        //                                   admin  operator seller finance sre   auditor
        row(Action.USER_CREATE,               ALLOW, DENY,  DENY,  DENY,  DENY,  DENY);
        row(Action.USER_LIST,                 ALLOW, DENY,  DENY,  DENY,  DENY,  ALLOW);
        row(Action.USER_REVOKE,               ALLOW, DENY,  DENY,  DENY,  DENY,  DENY);
        row(Action.SELLER_CREATE,             ALLOW, ALLOW, DENY,  DENY,  DENY,  DENY);
        row(Action.SELLER_VIEW,               ALLOW, ALLOW, OWN,   ALLOW, ALLOW, ALLOW);
        row(Action.SELLER_SUSPEND,            ALLOW, ALLOW, DENY,  DENY,  DENY,  DENY);
        row(Action.SELLER_REINSTATE,          ALLOW, ALLOW, DENY,  DENY,  DENY,  DENY);
        row(Action.PRODUCT_VIEW,              ALLOW, ALLOW, OWN,   ALLOW, ALLOW, ALLOW);
        row(Action.PRODUCT_MANAGE,            ALLOW, ALLOW, OWN,   DENY,  DENY,  DENY);
        row(Action.PRICE_MANAGE,              ALLOW, ALLOW, OWN,   DENY,  DENY,  DENY);
        row(Action.INVENTORY_VIEW,            ALLOW, ALLOW, OWN,   ALLOW, ALLOW, ALLOW);
        row(Action.INVENTORY_ADJUST,          ALLOW, ALLOW, OWN,   DENY,  DENY,  DENY);
        row(Action.INVENTORY_SPLIT,           ALLOW, ALLOW, DENY,  DENY,  ALLOW, DENY);
        row(Action.INVENTORY_RELEASE_EXPIRED, ALLOW, ALLOW, DENY,  DENY,  ALLOW, DENY);
        row(Action.ORDER_VIEW,                ALLOW, ALLOW, OWN,   ALLOW, ALLOW, ALLOW);
        row(Action.ORDER_PLACE,               ALLOW, ALLOW, DENY,  DENY,  DENY,  DENY);
        row(Action.ORDER_FULFIL,              ALLOW, ALLOW, OWN,   DENY,  DENY,  DENY);
        row(Action.ORDER_CANCEL,              ALLOW, ALLOW, DENY,  ALLOW, DENY,  DENY);
        row(Action.PAYMENT_CAPTURE,           ALLOW, DENY,  DENY,  ALLOW, DENY,  DENY);
        row(Action.PAYMENT_SETTLE_IN_DOUBT,   ALLOW, ALLOW, DENY,  ALLOW, ALLOW, DENY);
        row(Action.REFUND_ISSUE,              ALLOW, ALLOW, DENY,  ALLOW, DENY,  DENY);
        row(Action.REFUND_SETTLE_PENDING,     ALLOW, ALLOW, DENY,  ALLOW, ALLOW, DENY);
        row(Action.LEDGER_VIEW,               ALLOW, DENY,  DENY,  ALLOW, DENY,  ALLOW);
        row(Action.JOB_SELLER_IMPORT,         ALLOW, ALLOW, OWN,   DENY,  DENY,  DENY);
        row(Action.JOB_VIEW,                  ALLOW, ALLOW, OWN,   ALLOW, ALLOW, ALLOW);
        row(Action.JOB_CONTROL,               ALLOW, ALLOW, DENY,  DENY,  ALLOW, DENY);
        row(Action.RECON_RUN,                 ALLOW, DENY,  DENY,  ALLOW, DENY,  DENY);
        row(Action.RECON_VIEW,                ALLOW, DENY,  DENY,  ALLOW, DENY,  ALLOW);
        row(Action.RECON_RESOLVE,             DENY,  DENY,  DENY,  ALLOW, DENY,  DENY);
        row(Action.RECON_APPROVE,             DENY,  DENY,  DENY,  ALLOW, DENY,  DENY);
        row(Action.AUDIT_VIEW,                ALLOW, DENY,  DENY,  DENY,  DENY,  ALLOW);
        row(Action.AUDIT_VERIFY,              ALLOW, DENY,  DENY,  DENY,  ALLOW, ALLOW);
        row(Action.AUDIT_EXPORT,              DENY,  DENY,  DENY,  DENY,  DENY,  ALLOW);
        row(Action.AUDIT_ANCHOR,              ALLOW, DENY,  DENY,  DENY,  ALLOW, ALLOW);
        row(Action.OPS_SERVE,                 ALLOW, DENY,  DENY,  DENY,  ALLOW, DENY);
        row(Action.EVENTS_RELAY,              ALLOW, DENY,  DENY,  DENY,  ALLOW, DENY);
        row(Action.EVENTS_VIEW,               ALLOW, ALLOW, DENY,  DENY,  ALLOW, ALLOW);
        row(Action.DLQ_VIEW,                  ALLOW, ALLOW, DENY,  DENY,  ALLOW, ALLOW);
        row(Action.DLQ_MANAGE,                ALLOW, ALLOW, DENY,  DENY,  ALLOW, DENY);
        row(Action.SALES_VIEW,                ALLOW, ALLOW, OWN,   ALLOW, DENY,  ALLOW);
        for (Action action : Action.values()) {
            if (!MATRIX.containsKey(action)) {
                throw new ExceptionInInitializerError("no row in the access matrix for " + action.code());
            }
        }
    }

    private AccessPolicy() {
    }

    private static void row(Action action, Access admin, Access operator, Access seller, Access finance, Access sre,
                            Access auditor) {
        Map<Role, Access> cells = new EnumMap<>(Role.class);
        cells.put(Role.ADMIN, admin);
        cells.put(Role.OPERATOR, operator);
        cells.put(Role.SELLER, seller);
        cells.put(Role.FINANCE, finance);
        cells.put(Role.SRE, sre);
        cells.put(Role.AUDITOR, auditor);
        if (seller == ALLOW) {
            throw new ExceptionInInitializerError("the seller role is always scoped to its own seller: " + action.code());
        }
        MATRIX.put(action, Collections.unmodifiableMap(cells));
    }

    public static Access cell(Action action, Role role) {
        return MATRIX.get(action).get(role);
    }

    /** The strongest access any of the actor's roles gives for the action. */
    public static Access accessOf(Actor actor, Action action) {
        Access best = DENY;
        for (Role role : actor.roles()) {
            Access cell = cell(action, role);
            if (cell == ALLOW) {
                return ALLOW;
            }
            if (cell == OWN) {
                best = OWN;
            }
        }
        return best;
    }

    /** True when the actor may perform the action on data of any seller. */
    public static boolean allowsAny(Actor actor, Action action) {
        return accessOf(actor, action) == ALLOW;
    }

    /** True when the actor may perform the action on the given seller's data. */
    public static boolean allowsFor(Actor actor, Action action, SellerId seller) {
        Access access = accessOf(actor, action);
        return access == ALLOW || (access == OWN && actor.seller().map(seller::equals).orElse(false));
    }
}
