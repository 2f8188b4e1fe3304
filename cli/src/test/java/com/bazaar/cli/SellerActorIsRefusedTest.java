package com.bazaar.cli;

import com.bazaar.domain.seller.application.CreateSeller;
import com.bazaar.domain.identity.application.CreateUser;
import com.bazaar.domain.identity.application.RevokeUser;
import com.bazaar.domain.seller.application.SuspendSeller;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.identity.UserName;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.seller.SellerStatus;
import com.bazaar.domain.shared.PermissionDenied;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Unauthorised actions are impossible at the service layer, not only in the CLI: a seller user calling the
 * application services directly is refused for other sellers' data and for admin actions, nothing changes, and
 * the refusal is audited. The CLI reports the same refusals with exit code 3.
 */
class SellerActorIsRefusedTest {

    @TempDir
    static Path home;
    private static TestBazaar bazaar;
    private static Actor acmeUser;
    private static String acmeToken;

    @BeforeAll
    static void setUp() {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.seller("GLOBEX", "EUR");
        acmeToken = bazaar.user("acme-ops", Role.SELLER, "ACME");
        acmeUser = bazaar.authenticate(acmeToken);
    }

    @Test
    void aSellerUserSeesItsOwnSeller() {
        assertThat(bazaar.services.showSeller().show(acmeUser, SellerCode.of("ACME")).code().value()).isEqualTo("ACME");
        assertThat(bazaar.services.listSellers().list(acmeUser)).extracting(s -> s.code().value())
                .containsExactly("ACME");
    }

    @Test
    void anotherSellersDataIsRefusedAndTheRefusalIsAudited() {
        long before = bazaar.auditCount();
        assertThatThrownBy(() -> bazaar.services.showSeller().show(acmeUser, SellerCode.of("GLOBEX")))
                .isInstanceOf(PermissionDenied.class).hasMessageContaining("seller.view");
        assertThat(bazaar.auditCount()).isEqualTo(before + 1);
        assertThat(bazaar.jdbc.sql("SELECT outcome || ' ' || action || ' ' || target || ' by ' || actor_name "
                + "FROM audit_log ORDER BY seq DESC LIMIT 1").query(String.class).single())
                .isEqualTo("DENIED seller.view seller:GLOBEX by acme-ops");
    }

    @Test
    void aMissingSellerLooksTheSameAsAnotherSellersToASellerUser() {
        assertThatThrownBy(() -> bazaar.services.showSeller().show(acmeUser, SellerCode.of("NOSUCH")))
                .isInstanceOf(PermissionDenied.class);
    }

    @Test
    void adminActionsAreRefusedAndChangeNothing() {
        assertThatThrownBy(() -> bazaar.services.createUser().create(new CreateUser.Command(acmeUser, Optional.empty(),
                UserName.of("mallory"), Set.of(Role.ADMIN), Optional.empty()))).isInstanceOf(PermissionDenied.class);
        assertThatThrownBy(() -> bazaar.services.createSeller().create(new CreateSeller.Command(acmeUser,
                Optional.empty(), new Seller.Draft(SellerCode.of("EVIL"), "Evil", CurrencyCode.of("USD")))))
                .isInstanceOf(PermissionDenied.class);
        assertThatThrownBy(() -> bazaar.services.suspendSeller().suspend(new SuspendSeller.Command(acmeUser,
                SellerCode.of("ACME"), "self-suspend"))).isInstanceOf(PermissionDenied.class);
        assertThatThrownBy(() -> bazaar.services.revokeUser().revoke(new RevokeUser.Command(acmeUser,
                UserName.of("admin")))).isInstanceOf(PermissionDenied.class);
        assertThatThrownBy(() -> bazaar.services.listUsers().list(acmeUser)).isInstanceOf(PermissionDenied.class);
        assertThatThrownBy(() -> bazaar.services.verifyAuditChain().verify(acmeUser)).isInstanceOf(PermissionDenied.class);

        assertThat(bazaar.services.listUsers().list(bazaar.admin())).extracting(u -> u.user().name().value())
                .doesNotContain("mallory");
        assertThat(bazaar.services.showSeller().show(bazaar.admin(), SellerCode.of("ACME")).status())
                .isEqualTo(SellerStatus.ACTIVE);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM sellers WHERE code = 'EVIL'").query(Long.class).single()).isZero();
        assertThat(bazaar.jdbc.sql("SELECT status FROM users WHERE name = 'admin'").query(String.class).single())
                .isEqualTo("ACTIVE");
    }

    @Test
    void theCliReportsRefusalsWithExitCode3AndOneSentence() {
        var show = bazaar.cli(acmeToken, "seller", "show", "GLOBEX");
        assertThat(show.exitCode()).as(show.toString()).isEqualTo(ExitCode.DENIED);
        assertThat(show.err()).startsWith("error: permission denied: acme-ops (role seller) may not seller.view")
                .doesNotContain("Exception").hasLineCount(1);

        var create = bazaar.cli(acmeToken, "user", "create", "--name", "mallory", "--role", "admin");
        assertThat(create.exitCode()).as(create.toString()).isEqualTo(ExitCode.DENIED);
        var suspend = bazaar.cli(acmeToken, "seller", "suspend", "ACME", "--reason", "x");
        assertThat(suspend.exitCode()).as(suspend.toString()).isEqualTo(ExitCode.DENIED);
    }
}
