package com.bazaar.cli;

import com.bazaar.cli.wiring.SecureRandomSecrets;
import com.bazaar.cli.wiring.Services;
import com.bazaar.domain.seller.application.CreateSeller;
import com.bazaar.domain.identity.application.CreateUser;
import com.bazaar.domain.identity.application.InitializeBazaar;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.identity.UserName;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.CorrelationId;
import com.bazaar.postgres.Database;
import com.bazaar.testsupport.TestDatabase;
import com.bazaar.testsupport.TestDatabases;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Bazaar over a fresh, migrated test database: the real services (for tests that call them directly) and the
 * real command line run in-process against the same database (for tests of what operators see).
 */
public final class TestBazaar {

    /** What one command printed and how it exited. */
    public record Run(int exitCode, String out, String err) {
        public String lastLine() {
            var lines = out.lines().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    public final TestDatabase db;
    public final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T09:00:00Z"));
    /** The services as every command runs them: as the application's database role. */
    public final Services services;
    /** Plain SQL as the database's administrator: for setup, for looking behind the product and for tampering. */
    public final JdbcClient jdbc;
    private final Path home;
    private String adminToken;
    private Actor admin;

    private TestBazaar(TestDatabase db, Path home) {
        this.db = db;
        this.home = home;
        this.services = new Services(new Database(db.dataSource()), clock, new SecureRandomSecrets(), anchoring(home));
        this.jdbc = new Database(db.adminDataSource()).jdbc();
        // the installation's audit key, where the command line of cli() finds it too (created 0600, as 'init' does)
        services.keyAuditTrail().ensure(new CorrelationId("test-key"));
    }

    /** The audit key and anchors files of the home that {@link #cli} uses. */
    public static com.bazaar.domain.audit.AuditAnchoring anchoring(Path home) {
        return new com.bazaar.domain.audit.AuditAnchoring(new com.bazaar.cli.audit.AuditKeyFile(keyFile(home)),
                new com.bazaar.cli.audit.AnchorFile(anchorsFile(home), false));
    }

    /** Where the audit key of this test's installation is: {@code $BAZAAR_HOME/audit.key}. */
    public static Path keyFile(Path home) {
        return home.resolve("bazaar-home").resolve("audit.key");
    }

    /** This test's anchors file: {@code $BAZAAR_HOME/audit.anchors}. */
    public static Path anchorsFile(Path home) {
        return home.resolve("bazaar-home").resolve("audit.anchors");
    }

    /** A fresh database with the schema, not yet initialised. */
    public static TestBazaar fresh(Path home) {
        return new TestBazaar(TestDatabases.fresh(), home);
    }

    /** A fresh database, initialised: the first admin exists. */
    public static TestBazaar initialised(Path home) {
        TestBazaar bazaar = fresh(home);
        var result = bazaar.services.initialize().initialise(
                new InitializeBazaar.Command(UserName.of("admin"), new CorrelationId("test-init")));
        bazaar.adminToken = result.token().secret();
        bazaar.admin = bazaar.authenticate(bazaar.adminToken);
        return bazaar;
    }

    public String adminToken() {
        return adminToken;
    }

    public Actor admin() {
        return admin;
    }

    public Actor authenticate(String token) {
        clock.advance(Duration.ofMillis(1));
        return services.authenticate().authenticate(token, new CorrelationId("test")).actor();
    }

    public Seller seller(String code, String currency) {
        return services.createSeller().create(new CreateSeller.Command(admin, Optional.empty(),
                new Seller.Draft(SellerCode.of(code), code + " Ltd", CurrencyCode.of(currency)))).seller();
    }

    /** Creates a user as the admin and returns its token. */
    public String user(String name, Role role, String sellerCode) {
        return services.createUser().create(new CreateUser.Command(admin, Optional.empty(), UserName.of(name),
                Set.of(role), Optional.ofNullable(sellerCode).map(SellerCode::of))).token().orElseThrow().secret();
    }

    /** Creates an ACTIVE product with the given stock, as the admin. */
    public void product(String seller, String sku, String price, long onHand) {
        var code = SellerCode.of(seller);
        var sku0 = com.bazaar.domain.catalog.Sku.of(sku);
        services.createProduct().create(new com.bazaar.domain.catalog.application.CreateProduct.Command(admin, Optional.empty(),
                code, sku0, "Product " + sku, Optional.empty(), Optional.empty(),
                com.bazaar.domain.catalog.Attributes.NONE, price));
        services.changeProduct().activate(admin, code, sku0);
        if (onHand > 0) {
            services.adjustStock().adjust(new com.bazaar.domain.inventory.application.AdjustStock.Command(admin, code, sku0,
                    onHand, "initial stock"));
        }
    }

    /** Places an order as the admin. */
    public com.bazaar.domain.order.application.PlaceOrder.Result order(String key, String seller, String... lines) {
        return services.placeOrder().place(new com.bazaar.domain.order.application.PlaceOrder.Command(admin,
                new com.bazaar.domain.shared.IdempotencyKey(key), SellerCode.of(seller),
                com.bazaar.domain.order.Buyer.of("buyer-" + key),
                java.util.Arrays.stream(lines).map(com.bazaar.domain.order.LineRequest::parse).toList()));
    }

    public long stock(String column, String sku) {
        return jdbc.sql("SELECT " + column + " FROM stock s JOIN products p ON p.id = s.product_id WHERE p.sku = :sku")
                .param("sku", sku).query(Long.class).single();
    }

    public long auditCount() {
        return jdbc.sql("SELECT count(*) FROM audit_log").query(Long.class).single();
    }

    /** Runs {@code bazaar args...} in-process against this database, with the given token (or none). */
    public Run cli(String token, String... args) {
        return cliWithEnv(Map.of(), token, args);
    }

    /** Runs {@code bazaar args...} as {@link #cli(String, String...)} does, with more environment variables. */
    public Run cliWithEnv(Map<String, String> moreEnv, String token, String... args) {
        Map<String, String> env = new HashMap<>(moreEnv);
        env.put("HOME", home.toString());
        env.put("BAZAAR_HOME", home.resolve("bazaar-home").toString());
        env.putAll(databaseEnv(db));
        if (token != null) {
            env.put("BAZAAR_TOKEN", token);
        }
        return run(env, args);
    }

    /**
     * The settings of an installation on an external server, as docs/security.md describes it: the application's
     * login for commands, the owner's for migrations.
     */
    public static Map<String, String> databaseEnv(TestDatabase db) {
        Map<String, String> env = new HashMap<>();
        env.put("BAZAAR_DB_URL", db.jdbcUrl());
        env.put("BAZAAR_DB_USER", db.user());
        if (db.password() != null) {
            env.put("BAZAAR_DB_PASSWORD", db.password());
        }
        env.put("BAZAAR_DB_OWNER_USER", db.owner().user());
        if (db.owner().password() != null) {
            env.put("BAZAAR_DB_OWNER_PASSWORD", db.owner().password());
        }
        return env;
    }

    public static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new Bazaar(env, new PrintWriter(out, true), new PrintWriter(err, true)).run(args);
        return new Run(code, out.toString(), err.toString());
    }
}
