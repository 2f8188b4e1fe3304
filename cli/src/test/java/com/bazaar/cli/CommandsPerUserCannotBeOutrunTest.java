package com.bazaar.cli;

import com.bazaar.cli.wiring.SecureRandomSecrets;
import com.bazaar.cli.wiring.Services;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.limits.LimitScope;
import com.bazaar.domain.limits.Rate;
import com.bazaar.domain.limits.RateLimits;
import com.bazaar.domain.order.application.TakeOrderRequest;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.seller.application.CreateSeller;
import com.bazaar.domain.shared.CorrelationId;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.RateLimited;
import com.bazaar.postgres.Database;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limit on commands per user ({@code limits.command.per-user}, docs/rate_limits.md) charges one token per command
 * that changes something, in the guard every use case passes: a user over the limit exits 7 with the wait and changes
 * nothing; another user is not affected; reads and scheduled upkeep are never limited; a job run is one command however
 * many rows it has; a replayed order is free; and threads racing for one bucket never get more than it holds.
 */
class CommandsPerUserCannotBeOutrunTest {

    private static final int THREADS = 16;

    @TempDir
    Path home;
    private TestBazaar bazaar;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "12.99", 1_000);
    }

    private TestBazaar.Run limited(String rate, String token, String... args) {
        return bazaar.cliWithEnv(Map.of("BAZAAR_LIMITS_COMMAND_PER_USER", rate), token, args);
    }

    private static String[] sellerCreate(String code) {
        return new String[]{"seller", "create", "--code", code, "--name", code + " Ltd", "--currency", "USD"};
    }

    private long count(String sql) {
        return bazaar.jdbc.sql(sql).query(Long.class).single();
    }

    @Test
    void aUserOverTheLimitExitsSevenAndChangesNothingWhileOthersAndReadsGoOn() throws Exception {
        String olga = bazaar.user("olga", Role.OPERATOR, null);
        String oscar = bazaar.user("oscar", Role.OPERATOR, null);
        assertThat(limited("2/h", olga, sellerCreate("OLGA1")).exitCode()).isZero();
        assertThat(limited("2/h", olga, sellerCreate("OLGA2")).exitCode()).isZero();

        var refused = limited("2/h", olga, sellerCreate("OLGA3"));
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.BUSY);
        assertThat(refused.err()).containsPattern("busy or limited: too many requests for command.per-user of olga;"
                + " retry after [0-9]+ s");
        assertThat(count("SELECT count(*) FROM sellers WHERE code = 'OLGA3'")).isZero();
        // counted every time, audited once per window
        assertThat(limited("2/h", olga, "inventory", "adjust", "--seller", "ACME", "--sku", "MUG", "--delta", "1",
                "--reason", "recount").exitCode()).isEqualTo(ExitCode.BUSY);
        assertThat(count("SELECT refused FROM rate_limit_refusals WHERE scope = 'command.per-user'"
                + " AND subject = 'olga'")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM audit_log WHERE outcome = 'DENIED'"
                + " AND target = 'rate-limit:command.per-user:olga'")).isEqualTo(1);
        Path metrics = home.resolve("textfile/bazaar.prom");
        assertThat(limited("2/h", olga, "--metrics-file", metrics.toString(), "seller", "list").exitCode()).isZero();
        assertThat(Files.readString(metrics)).contains("bazaar_rate_limited_total{scope=\"command.per-user\"} 2.0");

        // another user has a bucket of its own
        assertThat(limited("2/h", oscar, sellerCreate("OSCAR1")).exitCode()).isZero();
        // reads are never limited, nor is scheduled upkeep
        for (String[] read : List.of(new String[]{"seller", "list"}, new String[]{"seller", "show", "OLGA1"},
                new String[]{"product", "show", "--seller", "ACME", "--sku", "MUG"},
                new String[]{"order", "list", "--seller", "ACME"},
                new String[]{"inventory", "release-expired"})) {
            var run = limited("2/h", olga, read);
            assertThat(run.exitCode()).as(Arrays.toString(read) + " " + run).isZero();
        }
        // a process without the setting does not limit (a limit is configuration, not data)
        assertThat(bazaar.cli(olga, sellerCreate("OLGA4")).exitCode()).isZero();
    }

    @Test
    void aJobRunIsOneCommandHoweverManyRowsItHas() throws Exception {
        for (int i = 0; i < 20; i++) {
            var id = bazaar.order("o" + i, "ACME", "MUG:1").order().payment().orElseThrow().id();
            bazaar.services.authorizePayment().authorize(bazaar.admin(), id);
            bazaar.services.capturePayment().capture(bazaar.admin(), id);
        }
        List<Long> payments = bazaar.jdbc.sql("SELECT id FROM payments ORDER BY id").query(Long.class).list();
        StringBuilder rows = new StringBuilder("payment_ref,amount,currency,reason,idempotency_key\n");
        payments.forEach(p -> rows.append(p).append(",1.00,USD,damaged,r").append(p).append('\n'));
        Path file = home.resolve("refunds.csv");
        Files.writeString(file, rows);
        String fiona = bazaar.user("fiona", Role.FINANCE, null);

        var run = limited("2/h", fiona, "job", "run", "refunds", "--file", file.toString(), "--mode", "apply");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(count("SELECT count(*) FROM refunds")).as("not throttled row by row").isEqualTo(20);
        // the job took one token: one command more, then the bucket is empty
        assertThat(limited("2/h", fiona, "refund", "create", "--payment", payments.get(0).toString(), "--amount",
                "1.00", "--reason", "again", "--idempotency-key", "one-more").exitCode()).isZero();
        assertThat(limited("2/h", fiona, "refund", "create", "--payment", payments.get(0).toString(), "--amount",
                "1.00", "--reason", "again", "--idempotency-key", "too-many").exitCode()).isEqualTo(ExitCode.BUSY);
        assertThat(count("SELECT count(*) FROM refunds")).isEqualTo(21);
    }

    @Test
    void aReplayedOrderTakesNoToken() {
        String[] place = {"order", "place", "--seller", "ACME", "--buyer", "b", "--line", "MUG:1", "--idempotency-key"};
        String admin = bazaar.adminToken();
        assertThat(limited("1/h", admin, with(place, "k1")).exitCode()).isZero();
        var replay = limited("1/h", admin, with(place, "k1"));
        assertThat(replay.exitCode()).as(replay.toString()).isZero();
        assertThat(replay.out()).contains("already placed");
        var next = limited("1/h", admin, with(place, "k2"));
        assertThat(next.exitCode()).as(next.toString()).isEqualTo(ExitCode.BUSY);
        assertThat(next.err()).contains("command.per-user of admin");
        assertThat(count("SELECT count(*) FROM orders WHERE buyer = 'b'")).isEqualTo(1);
    }

    private static String[] with(String[] args, String last) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }

    /** The services of a process with this limit on commands per user, over the test's database. */
    private Services limitedServices(String rate) {
        var settings = Services.Settings.DEFAULTS.withRateLimits(new RateLimits(Map.of(LimitScope.COMMAND_PER_USER,
                Rate.parse(rate))));
        return new Services(new Database(bazaar.db.dataSource()), bazaar.clock, new SecureRandomSecrets(), settings,
                TestBazaar.anchoring(home));
    }

    private static CreateSeller.Command seller(Actor actor, String code) {
        return new CreateSeller.Command(actor, Optional.empty(), new Seller.Draft(SellerCode.of(code), code + " Ltd",
                CurrencyCode.of("USD")));
    }

    @Test
    void sixteenCommandsOfOneUserAtOnceGetExactlyTheBucketsFive() throws Exception {
        Services services = limitedServices("5/h");
        String token = bazaar.user("olga", Role.OPERATOR, null);
        // sixteen commands (correlation ids), each its own process's worth of work
        var outcomes = Concurrently.run(THREADS, i -> () -> services.createSeller().create(
                seller(services.authenticate().authenticate(token, new CorrelationId("cmd-" + i)).actor(), "S" + i)));

        assertThat(outcomes).filteredOn(Concurrently.Outcome::succeeded).hasSize(5);
        assertThat(outcomes).filteredOn(o -> !o.succeeded()).hasSize(THREADS - 5).allSatisfy(o ->
                assertThat(o.failure()).isInstanceOfSatisfying(RateLimited.class,
                        e -> assertThat(e.scope()).isEqualTo("command.per-user")));
        assertThat(count("SELECT count(*) FROM sellers WHERE code LIKE 'S%'")).isEqualTo(5);
        assertThat(count("SELECT refused FROM rate_limit_refusals WHERE scope = 'command.per-user'"
                + " AND subject = 'olga'")).isEqualTo(THREADS - 5);
    }

    @Test
    void oneCommandsThreadsTakeOneTokenBetweenThem() throws Exception {
        Services services = limitedServices("2/h");
        String token = bazaar.user("olga", Role.OPERATOR, null);
        Actor oneCommand = services.authenticate().authenticate(token, new CorrelationId("one")).actor();
        var outcomes = Concurrently.run(THREADS, i -> () -> services.createSeller().create(seller(oneCommand,
                "T" + i)));
        assertThat(outcomes).allSatisfy(o -> assertThat(o.succeeded()).as(String.valueOf(o.failure())).isTrue());
        // one token left
        Actor next = services.authenticate().authenticate(token, new CorrelationId("two")).actor();
        services.createSeller().create(seller(next, "U1"));
        Actor third = services.authenticate().authenticate(token, new CorrelationId("three")).actor();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> services.createSeller().create(seller(third, "U2")))
                .isInstanceOf(RateLimited.class);
    }

    @Test
    void eachQueueRequestIsACommandEvenUnderOneCorrelationId() {
        Services services = limitedServices("2/h");
        Actor worker = bazaar.admin();
        List<TakeOrderRequest.Answer> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(services.takeOrderRequest().take(worker, new TakeOrderRequest.Request("q-" + i, "ACME",
                    "buyer-" + i, List.of(new TakeOrderRequest.Request.Line("MUG", 1)), "admin",
                    new CorrelationId("storefront"))));
        }
        assertThat(answers.subList(0, 2)).allSatisfy(a -> assertThat(a).isInstanceOf(TakeOrderRequest.Placed.class));
        assertThat(answers.get(2)).isInstanceOfSatisfying(TakeOrderRequest.Refused.class, refused -> {
            assertThat(refused.code()).isEqualTo("RATE_LIMITED");
            assertThat(refused.message()).contains("command.per-user of admin");
            assertThat(refused.retryAfterSeconds()).isPresent();
        });
    }

    @Test
    void aMalformedRateIsAUsageErrorNamingTheSetting() {
        var run = limited("60/fortnight", bazaar.adminToken(), "seller", "list");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("limits.command.per-user", "N/min", "environment");
    }

    @Test
    void onlyActionsThatChangeSomethingAreCharged() {
        assertThat(Action.ORDER_PLACE.kind()).isEqualTo(Action.Kind.CHANGE);
        assertThat(Action.REFUND_ISSUE.kind()).isEqualTo(Action.Kind.CHANGE);
        assertThat(Action.ORDER_VIEW.kind()).isEqualTo(Action.Kind.READ);
        assertThat(Action.INVENTORY_RELEASE_EXPIRED.kind()).isEqualTo(Action.Kind.UPKEEP);
        assertThat(Arrays.stream(Action.values()).filter(a -> a.code().endsWith(".view")))
                .allSatisfy(a -> assertThat(a.kind()).as(a.code()).isEqualTo(Action.Kind.READ));
    }
}
