package com.bazaar.cli;

import com.bazaar.domain.catalog.application.ImportCatalog;
import com.bazaar.domain.seller.application.ReinstateSeller;
import com.bazaar.domain.seller.application.SuspendSeller;
import com.bazaar.domain.catalog.Attributes;
import com.bazaar.domain.catalog.CatalogImports;
import com.bazaar.domain.catalog.CatalogLine;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import com.bazaar.domain.shared.RuleViolation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/rbac.md, "Seller standing": while a seller is suspended its own users may read and export but change nothing of
 * its catalog, stock, prices or discounts (exit 4, audited as DENIED, nothing changed); staff change it only with a
 * reason; paid orders still ship and refunds still go out; reinstating lifts the restriction; and a suspension racing
 * a catalog apply either waits for the whole apply or refuses all of it.
 */
class SuspendedSellerChangesNothingTest {

    @TempDir
    Path home;
    private TestBazaar bazaar;
    private String acme;
    private String admin;
    private String paidOrder;
    private Path catalogFile;
    private Path stockFile;

    @BeforeEach
    void setUp() throws Exception {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        admin = bazaar.adminToken();
        acme = bazaar.user("acme-ops", Role.SELLER, "ACME");
        bazaar.product("ACME", "MUG", "10.00", 10);
        var draft = bazaar.cli(admin, "product", "create", "--seller", "ACME", "--sku", "PEN", "--title", "Pen",
                "--price", "1.00");
        assertThat(draft.exitCode()).as(draft.toString()).isZero();
        var placed = bazaar.order("paid", "ACME", "MUG:1").order();
        var payment = placed.payment().orElseThrow().id();
        bazaar.services.authorizePayment().authorize(bazaar.admin(), payment);
        bazaar.services.capturePayment().capture(bazaar.admin(), payment);
        paidOrder = placed.order().id().toString();
        catalogFile = home.resolve("catalog.csv");
        Files.writeString(catalogFile, "sku,title,price,quantity\nMUG,Mug,99.00,500\nNEW,New,3.00,5\n");
        stockFile = home.resolve("stock.csv");
        Files.writeString(stockFile, "sku,on_hand\nMUG,500\n");
    }

    private void suspend() {
        var run = bazaar.cli(admin, "seller", "suspend", "ACME", "--reason", "KYC documents expired");
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    /** Everything a change could touch, as one comparable text. */
    private String catalogState() {
        return bazaar.jdbc.sql("SELECT string_agg(p.sku || ' ' || p.status || ' ' || p.price_minor || ' ' || s.on_hand"
                        + " || '/' || s.reserved, '; ' ORDER BY p.sku) FROM products p JOIN stock s ON s.product_id = p.id")
                .query(String.class).single()
                + " | discounts " + bazaar.jdbc.sql("SELECT count(*) FROM discounts").query(Long.class).single();
    }

    private String lastAudit() {
        return bazaar.jdbc.sql("SELECT outcome || ' ' || action || ' ' || target || ' ' || coalesce(after_json, '')"
                + " || ' by ' || actor_name FROM audit_log ORDER BY seq DESC LIMIT 1").query(String.class).single();
    }

    /** Every change of a seller's catalog, stock, prices or discounts, in an order that succeeds when allowed. */
    private static final List<List<String>> CHANGES = List.of(
            List.of("product", "create", "--seller", "ACME", "--sku", "NEW", "--title", "New", "--price", "3.00"),
            List.of("product", "activate", "--seller", "ACME", "--sku", "PEN"),
            List.of("product", "price", "set", "--seller", "ACME", "--sku", "MUG", "--price", "2.00"),
            List.of("inventory", "adjust", "--seller", "ACME", "--sku", "MUG", "--delta", "5", "--reason", "count"),
            List.of("discount", "create", "--seller", "ACME", "--all", "--percent", "50"),
            List.of("product", "suspend", "--seller", "ACME", "--sku", "MUG"),
            List.of("product", "retire", "--seller", "ACME", "--sku", "MUG"));

    private List<List<String>> changes() {
        List<List<String>> all = new ArrayList<>(CHANGES);
        all.add(List.of("job", "run", "catalog-import", "--seller", "ACME", "--file", catalogFile.toString(),
                "--mode", "apply"));
        all.add(List.of("job", "run", "inventory-sync", "--seller", "ACME", "--file", stockFile.toString(),
                "--mode", "apply"));
        return all;
    }

    @Test
    void aSuspendedSellersOwnUsersAreRefusedEveryChangeAuditedAndNothingChanges() {
        suspend();
        String before = catalogState();
        for (List<String> command : changes()) {
            long audit = bazaar.auditCount();
            var run = bazaar.cli(acme, command.toArray(String[]::new));
            assertThat(run.exitCode()).as(command + "\n" + run).isEqualTo(ExitCode.REJECTED);
            assertThat(run.err()).as(command.toString()).isEqualTo("error: seller ACME is suspended: its catalog, stock,"
                    + " prices and discounts cannot be changed until it is reinstated\n");
            assertThat(bazaar.auditCount()).as(command.toString()).isEqualTo(audit + 1);
            assertThat(lastAudit()).as(command.toString()).startsWith("DENIED ")
                    .endsWith("{\"refused\":\"SELLER_SUSPENDED\"} by acme-ops");
            assertThat(catalogState()).as(command.toString()).isEqualTo(before);
        }
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM import_rejections").query(Long.class).single()).isZero();
    }

    @Test
    void aSuspendedSellersOwnUsersStillReadExportAndPlan() {
        suspend();
        String before = catalogState();
        for (List<String> command : List.of(
                List.of("seller", "show", "ACME"),
                List.of("product", "show", "--seller", "ACME", "--sku", "MUG"),
                List.of("product", "list", "--seller", "ACME"),
                List.of("inventory", "show", "--seller", "ACME", "--sku", "MUG"),
                List.of("discount", "list", "--seller", "ACME"),
                List.of("price", "quote", "--seller", "ACME", "--line", "MUG:2"),
                List.of("order", "list", "--seller", "ACME", "--output", "csv"),
                List.of("order", "show", paidOrder),
                List.of("job", "list"),
                List.of("job", "run", "catalog-import", "--seller", "ACME", "--file", catalogFile.toString()),
                List.of("job", "run", "inventory-sync", "--seller", "ACME", "--file", stockFile.toString()))) {
            var run = bazaar.cli(acme, command.toArray(String[]::new));
            assertThat(run.exitCode()).as(command + "\n" + run).isZero();
        }
        assertThat(catalogState()).isEqualTo(before);
    }

    @Test
    void paidOrdersStillShipAndRefundsStillGoOutButNoNewOrderIsPlaced() {
        suspend();
        var ship = bazaar.cli(acme, "order", "ship", paidOrder);
        assertThat(ship.exitCode()).as(ship.toString()).isZero();
        String payment = bazaar.jdbc.sql("SELECT id FROM payments WHERE order_id = " + paidOrder).query(Long.class)
                .single().toString();
        var refund = bazaar.cli(admin, "refund", "create", "--payment", payment, "--amount", "4.00", "--reason",
                "damaged", "--idempotency-key", "r-1");
        assertThat(refund.exitCode()).as(refund.toString()).isZero();
        var order = bazaar.cli(admin, "order", "place", "--idempotency-key", "after", "--buyer", "b", "--seller", "ACME",
                "--line", "MUG:1");
        assertThat(order.exitCode()).as(order.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(order.err()).contains("suspended");
    }

    @Test
    void staffChangeASuspendedSellersCatalogOnlyWithAReasonWhichTheAuditKeeps() {
        suspend();
        String operator = bazaar.user("olga", Role.OPERATOR, null);
        String before = catalogState();
        for (String token : List.of(admin, operator)) {
            var noReason = bazaar.cli(token, "product", "price", "set", "--seller", "ACME", "--sku", "MUG", "--price",
                    "2.00");
            assertThat(noReason.exitCode()).as(noReason.toString()).isEqualTo(ExitCode.REJECTED);
            assertThat(noReason.err()).contains("seller ACME is suspended: changing its catalog, stock, prices or"
                    + " discounts needs --reason");
            assertThat(lastAudit()).startsWith("DENIED product.manage product:ACME/MUG {\"refused\":\"REASON_REQUIRED\"}");
            var importNoReason = bazaar.cli(token, "job", "run", "catalog-import", "--seller", "ACME", "--file",
                    catalogFile.toString(), "--mode", "apply");
            assertThat(importNoReason.exitCode()).as(importNoReason.toString()).isEqualTo(ExitCode.REJECTED);
        }
        assertThat(catalogState()).isEqualTo(before);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM batch_job_execution").query(Long.class).single())
                .as("a refused apply is refused before the file is read").isZero();

        var suspendProduct = bazaar.cli(operator, "product", "suspend", "--seller", "ACME", "--sku", "MUG", "--reason",
                "seller under review: off sale");
        assertThat(suspendProduct.exitCode()).as(suspendProduct.toString()).isZero();
        assertThat(bazaar.jdbc.sql("SELECT reason FROM audit_log WHERE action = 'product.suspend'").query(String.class)
                .single()).isEqualTo("seller under review: off sale");
        var apply = bazaar.cli(admin, "job", "run", "catalog-import", "--seller", "ACME", "--file",
                catalogFile.toString(), "--mode", "apply", "--reason", "correcting prices for the review");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(bazaar.jdbc.sql("SELECT reason FROM audit_log WHERE action = 'catalog.import'").query(String.class)
                .single()).isEqualTo("correcting prices for the review");
        assertThat(bazaar.stock("on_hand", "NEW")).isEqualTo(5);
    }

    @Test
    void reinstatingTheSellerLiftsTheRestriction() {
        suspend();
        assertThat(bazaar.cli(acme, "product", "activate", "--seller", "ACME", "--sku", "PEN").exitCode())
                .isEqualTo(ExitCode.REJECTED);
        assertThat(bazaar.cli(admin, "seller", "reinstate", "ACME").exitCode()).isZero();
        for (List<String> command : changes()) {
            var run = bazaar.cli(acme, command.toArray(String[]::new));
            assertThat(run.exitCode()).as(command + "\n" + run).isZero();
        }
        assertThat(bazaar.stock("on_hand", "MUG")).isEqualTo(500);
    }

    @Test
    void aSuspensionRacingACatalogApplyEitherWaitsForTheWholeApplyOrRefusesAllOfIt() throws Exception {
        Actor seller = bazaar.authenticate(acme);
        CurrencyCode usd = CurrencyCode.of("USD");
        int rows = 300;
        int applied = 0;
        int refused = 0;
        for (int round = 0; round < 8; round++) {
            long importId = 1_000 + round;
            String sha = "sha-" + round;
            List<CatalogLine> lines = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                lines.add(new CatalogLine(i + 2, Sku.of("R" + round + "-" + i), "Item " + i, Optional.empty(),
                        Optional.empty(), Attributes.NONE, Money.of(100 + i, usd), Optional.of(3L), Optional.empty()));
            }
            bazaar.services.catalogImports().prepare(importId, false);
            bazaar.services.catalogImports().stage(importId, lines);
            var outcomes = Concurrently.run(2, i -> i == 0
                    ? () -> bazaar.services.importCatalog().apply(seller, SellerCode.of("ACME"), importId,
                    new ImportCatalog.SkipRows(), new CatalogImports.Columns(false, false, false, false, true),
                    sha, "race.csv").applied()
                    : () -> bazaar.services.suspendSeller().suspend(new SuspendSeller.Command(bazaar.admin(),
                    SellerCode.of("ACME"), "race " + importId)).changed());
            assertThat(outcomes.get(1).succeeded()).as(String.valueOf(outcomes.get(1).failure())).isTrue();
            long created = bazaar.jdbc.sql("SELECT count(*) FROM products WHERE sku LIKE :p").param("p", "R" + round + "-%")
                    .query(Long.class).single();
            if (outcomes.get(0).succeeded()) {
                applied++;
                assertThat(created).isEqualTo(rows);
                Long importSeq = bazaar.jdbc.sql("SELECT max(seq) FROM audit_log WHERE action = 'catalog.import'")
                        .query(Long.class).single();
                Long suspendSeq = bazaar.jdbc.sql("SELECT max(seq) FROM audit_log WHERE action = 'seller.suspend'")
                        .query(Long.class).single();
                assertThat(importSeq).as("the apply committed before the suspension").isLessThan(suspendSeq);
            } else {
                refused++;
                assertThat(outcomes.get(0).failure()).isInstanceOf(RuleViolation.class)
                        .hasMessageContaining("is suspended");
                assertThat(created).as("nothing of a refused apply").isZero();
            }
            bazaar.services.reinstateSeller().reinstate(new ReinstateSeller.Command(bazaar.admin(),
                    SellerCode.of("ACME")));
        }
        assertThat(applied + refused).isEqualTo(8);
    }

    /**
     * An order placed while a suspension is being committed waits for it (the seller's row is share-locked by the
     * order's transaction) and is then refused: no order slips in between the check and the suspension.
     */
    @Test
    void anOrderRacingASuspensionWaitsForItAndIsRefused() throws Exception {
        long ordersBefore = bazaar.jdbc.sql("SELECT count(*) FROM orders").query(Long.class).single();
        try (var suspension = bazaar.db.adminDataSource().getConnection()) {
            suspension.setAutoCommit(false);
            int suspender;
            try (var st = suspension.createStatement()) {
                st.executeUpdate("UPDATE sellers SET status = 'SUSPENDED', suspension_reason = 'race' WHERE code = 'ACME'");
                try (var rs = st.executeQuery("SELECT pg_backend_pid()")) {
                    rs.next();
                    suspender = rs.getInt(1);
                }
            }
            var placing = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> bazaar.cli(admin, "order", "place", "--idempotency-key", "racing", "--buyer", "b", "--seller",
                            "ACME", "--line", "MUG:1"));
            // a row lock is waited for on the holder's transaction id: the order is waiting once a backend is blocked
            // by the suspension's (or it finished without waiting, which the next assertion refuses)
            Eventually.within(java.time.Duration.ofSeconds(30), "the order waits for the suspension's transaction",
                    () -> placing.isDone() || bazaar.jdbc.sql("SELECT count(*) FROM pg_stat_activity"
                            + " WHERE :holder = ANY (pg_blocking_pids(pid))").param("holder", suspender)
                            .query(Long.class).single() > 0);
            assertThat(placing).as("the order waits for the suspension's transaction").isNotDone();
            suspension.commit();
            var order = placing.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(order.exitCode()).as(order.toString()).isEqualTo(ExitCode.REJECTED);
            assertThat(order.err()).contains("seller ACME is suspended and cannot sell");
        }
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM orders").query(Long.class).single()).isEqualTo(ordersBefore);
    }
}
