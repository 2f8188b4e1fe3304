package com.bazaar.cli;

import com.bazaar.domain.identity.Role;
import com.bazaar.domain.order.Buyer;
import com.bazaar.domain.order.LineRequest;
import com.bazaar.domain.order.application.PlaceOrder;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.domain.shared.NotFound;
import com.bazaar.domain.shared.PermissionDenied;
import com.bazaar.domain.identity.Actor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PlaceOrder remembers a seller's id per code after the first order (one database round trip less an order), and
 * still makes every permission decision on each order, and never acts on a seller whose code changed behind the
 * application's back: the transaction re-reads the seller by id and checks its code.
 */
class PlaceOrderRemembersOnlyWhatNeverChangesTest {

    @TempDir
    Path home;
    private TestBazaar bazaar;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.seller("OTHER", "USD");
        bazaar.product("ACME", "MUG-01", "12.50", 100);
    }

    private PlaceOrder.Result place(Actor actor, String key) {
        return bazaar.services.placeOrder().place(new PlaceOrder.Command(actor, new IdempotencyKey(key),
                SellerCode.of("ACME"), Buyer.of("buyer-1"), List.of(LineRequest.parse("MUG-01:1"))));
    }

    private long orders() {
        return bazaar.jdbc.sql("SELECT count(*) FROM orders").query(Long.class).single();
    }

    @Test
    void everyOrderIsAuthorisedAlsoOnceTheSellersIdIsRemembered() {
        Actor operator = bazaar.authenticate(bazaar.user("olga", Role.OPERATOR, null));
        Actor acmesOwnSeller = bazaar.authenticate(bazaar.user("sam", Role.SELLER, "ACME"));
        Actor auditor = bazaar.authenticate(bazaar.user("aude", Role.AUDITOR, null));
        place(operator, "k1");
        place(operator, "k2"); // the id of ACME is remembered now

        assertThatThrownBy(() -> place(acmesOwnSeller, "k3")).isInstanceOf(PermissionDenied.class);
        assertThatThrownBy(() -> place(auditor, "k4")).isInstanceOf(PermissionDenied.class);

        assertThat(orders()).isEqualTo(2);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM audit_log WHERE outcome = 'DENIED'"
                + " AND actor_name IN ('sam', 'aude')").query(Long.class).single()).as("each refusal is audited")
                .isEqualTo(2);
    }

    @Test
    void aSellerRenamedBehindTheApplicationsBackIsNotActedOnUnderItsOldCode() {
        place(bazaar.admin(), "k1"); // remembers ACME's id
        bazaar.jdbc.sql("UPDATE sellers SET code = 'RENAMED' WHERE code = 'ACME'").update();

        assertThatThrownBy(() -> place(bazaar.admin(), "k2")).isInstanceOfSatisfying(NotFound.class,
                e -> assertThat(e.code()).isEqualTo("SELLER_NOT_FOUND"));
        assertThat(orders()).as("nothing placed for the seller now named RENAMED").isEqualTo(1);
        assertThatThrownBy(() -> place(bazaar.admin(), "k3")).as("forgotten: read again, and not there")
                .isInstanceOfSatisfying(NotFound.class, e -> assertThat(e.code()).isEqualTo("SELLER_NOT_FOUND"));

        bazaar.jdbc.sql("UPDATE sellers SET code = 'ACME' WHERE code = 'RENAMED'").update();
        assertThat(place(bazaar.admin(), "k4").replayed()).isFalse();
        assertThat(orders()).isEqualTo(2);
    }
}
