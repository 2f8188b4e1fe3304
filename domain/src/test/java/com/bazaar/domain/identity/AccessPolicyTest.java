package com.bazaar.domain.identity;

import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.CorrelationId;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AccessPolicyTest {

    private static Actor actor(Set<Role> roles, Optional<SellerId> seller) {
        return new Actor(Optional.of(new UserId(1)), "someone", roles, seller, Optional.empty(),
                new CorrelationId("test"));
    }

    @Test
    void everyActionHasACellForEveryRole() {
        for (Action action : Action.values()) {
            for (Role role : Role.values()) {
                assertThat(AccessPolicy.cell(action, role)).as(action + "/" + role).isNotNull();
            }
        }
    }

    @Test
    void theSellerRoleIsNeverGrantedAnythingBeyondItsOwnSeller() {
        for (Action action : Action.values()) {
            assertThat(AccessPolicy.cell(action, Role.SELLER)).as(action.code()).isNotEqualTo(Access.ALLOW);
        }
    }

    @Test
    void ownAccessCoversOnlyTheBoundSeller() {
        Actor seller = actor(Set.of(Role.SELLER), Optional.of(new SellerId(7)));
        assertThat(AccessPolicy.allowsFor(seller, Action.SELLER_VIEW, new SellerId(7))).isTrue();
        assertThat(AccessPolicy.allowsFor(seller, Action.SELLER_VIEW, new SellerId(8))).isFalse();
        assertThat(AccessPolicy.allowsAny(seller, Action.SELLER_VIEW)).isFalse();
    }

    @Test
    void rolesCombineByTheStrongestCell() {
        Actor financeAuditor = actor(Set.of(Role.FINANCE, Role.AUDITOR), Optional.empty());
        assertThat(AccessPolicy.allowsAny(financeAuditor, Action.AUDIT_EXPORT)).isTrue();
        assertThat(AccessPolicy.allowsAny(financeAuditor, Action.REFUND_ISSUE)).isTrue();
        assertThat(AccessPolicy.allowsAny(financeAuditor, Action.USER_CREATE)).isFalse();
    }

    @Test
    void theSystemActorHoldsNoRoleAndIsGrantedNothing() {
        Actor system = Actor.system("init", new CorrelationId("test"));
        for (Action action : Action.values()) {
            assertThat(AccessPolicy.accessOf(system, action)).isEqualTo(Access.DENY);
        }
    }

    @Test
    void auditExportIsForAuditorsOnly() {
        for (Role role : Role.values()) {
            assertThat(AccessPolicy.cell(Action.AUDIT_EXPORT, role) == Access.ALLOW).as(role.label())
                    .isEqualTo(role == Role.AUDITOR);
        }
    }
}
