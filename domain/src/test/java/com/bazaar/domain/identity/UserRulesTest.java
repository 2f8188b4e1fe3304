package com.bazaar.domain.identity;

import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.PermissionDenied;
import com.bazaar.domain.shared.RuleViolation;
import com.bazaar.domain.shared.ValidationException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserRulesTest {

    private static final Secrets FIXED = n -> new byte[n];
    private static final ApiToken TOKEN = ApiToken.issue(FIXED);

    private static User.Draft draft(Set<Role> roles, Optional<SellerId> seller) {
        return new User.Draft(UserName.of("sam"), roles, seller, TokenHash.of(TOKEN), TOKEN.hint());
    }

    @Test
    void aSellerUserIsBoundToExactlyOneSeller() {
        assertThat(draft(Set.of(Role.SELLER), Optional.of(new SellerId(7))).seller()).contains(new SellerId(7));
        assertThatThrownBy(() -> draft(Set.of(Role.SELLER), Optional.empty()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("--seller");
    }

    @Test
    void theSellerRoleCannotBeCombined() {
        assertThatThrownBy(() -> draft(Set.of(Role.SELLER, Role.FINANCE), Optional.of(new SellerId(7))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("cannot be combined");
    }

    @Test
    void onlySellerUsersAreBoundToASeller() {
        assertThatThrownBy(() -> draft(Set.of(Role.OPERATOR), Optional.of(new SellerId(7))))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void aUserNeedsARole() {
        assertThatThrownBy(() -> draft(Set.of(), Optional.empty())).isInstanceOf(ValidationException.class);
    }

    @Test
    void userNamesAreLowerCaseWords() {
        assertThat(UserName.of(" olivia.ops ").value()).isEqualTo("olivia.ops");
        assertThatThrownBy(() -> UserName.of("Olivia")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> UserName.of("a b")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> UserName.of("")).isInstanceOf(ValidationException.class);
    }

    @Test
    void rolesParseCaseInsensitivelyAndNameTheChoicesWhenWrong() {
        assertThat(Role.parse("Finance")).isEqualTo(Role.FINANCE);
        assertThatThrownBy(() -> Role.parse("root")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("admin, operator, seller, finance, sre, auditor");
    }

    @Test
    void revokingIsFinal() {
        User user = new User(new UserId(1), UserName.of("sam"), Set.of(Role.OPERATOR), Optional.empty(),
                UserStatus.ACTIVE, "bzr_abcd", Instant.EPOCH, Optional.empty());
        User revoked = user.revoke(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(revoked.isActive()).isFalse();
        assertThat(revoked.revokedAt()).contains(Instant.parse("2026-11-25T10:00:00Z"));
        assertThatThrownBy(() -> revoked.revoke(Instant.EPOCH)).isInstanceOf(RuleViolation.class);
    }

    @Test
    void tokensAreRandomLookingAndNeverPrintedByToString() {
        ApiToken token = ApiToken.issue(n -> {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = (byte) (i * 31 + 7);
            }
            return b;
        });
        assertThat(token.secret()).matches("bzr_[A-Za-z0-9_-]{43}");
        assertThat(token.toString()).doesNotContain(token.secret()).contains(token.hint());
        assertThat(ApiToken.parse(" " + token.secret() + "\n").secret()).isEqualTo(token.secret());
        assertThat(TokenHash.of(token).value()).hasSize(64).doesNotContain(token.secret());
    }

    @Test
    void malformedTokensAreAnAuthenticationFailure() {
        assertThatThrownBy(() -> ApiToken.parse("bzr_short")).isInstanceOf(PermissionDenied.class);
        assertThatThrownBy(() -> ApiToken.parse("")).isInstanceOf(PermissionDenied.class);
        assertThatThrownBy(() -> ApiToken.parse("Bearer " + TOKEN.secret())).isInstanceOf(PermissionDenied.class);
    }

    @Test
    void snapshotsNeverContainTheTokenHash() {
        User user = new User(new UserId(1), UserName.of("sam"), Set.of(Role.OPERATOR), Optional.empty(),
                UserStatus.ACTIVE, TOKEN.hint(), Instant.EPOCH, Optional.empty());
        assertThat(com.bazaar.domain.shared.Json.write(user.snapshot(Optional.empty())))
                .doesNotContain(TokenHash.of(TOKEN).value()).doesNotContain(TOKEN.secret());
    }
}
