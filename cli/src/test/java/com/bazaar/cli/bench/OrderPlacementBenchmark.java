package com.bazaar.cli.bench;

import com.bazaar.cli.wiring.SecureRandomSecrets;
import com.bazaar.cli.wiring.Services;
import com.bazaar.domain.inventory.application.AdjustStock;
import com.bazaar.domain.inventory.application.SplitStock;
import com.bazaar.domain.catalog.application.CreateProduct;
import com.bazaar.domain.seller.application.CreateSeller;
import com.bazaar.domain.identity.application.InitializeBazaar;
import com.bazaar.domain.order.application.PlaceOrder;
import com.bazaar.domain.audit.application.VerifyAuditChain;
import com.bazaar.domain.catalog.Attributes;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.identity.UserName;
import com.bazaar.domain.order.Buyer;
import com.bazaar.domain.order.LineRequest;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.CorrelationId;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.domain.shared.RuleViolation;
import com.bazaar.postgres.Database;
import com.bazaar.postgres.Migrations;
import com.bazaar.postgres.embedded.EmbeddedPostgresServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Benchmark (not a test): places orders through the real {@link PlaceOrder} service from N concurrent workers
 * against a fresh embedded PostgreSQL, then prints orders/s, latency percentiles and the number of oversold units,
 * which must be 0. Run it with {@code scripts/bench/orders.sh}; options:
 *
 * <pre>
 *   --workers N            concurrent workers, each on its own pooled connection (default 8)
 *   --seconds S            measured duration (default 20)
 *   --warmup S             unmeasured warm-up before it, same load (default 5)
 *   --products P           ACTIVE products of the one seller (default 50)
 *   --stock-per-product Q  initial on-hand stock of every product (default 1000000)
 *   --lines L              lines per order, distinct random SKUs (default 3, at most P)
 *   --max-qty M            quantity per line, random 1..M (default 1)
 *   --pool C               database connections the workers share (default workers + 2): fewer than the workers
 *                          queue for a connection, as a pool sized to the cores with a queue in front would
 *   --lanes N              split every product's stock into N lanes (ADR 0014, {@code inventory split}) before
 *                          the run: a flash sale's hot SKU with {@code --products 1 --lines 1} (default 1: not split)
 *   --mode raw-sql         instead of the service: a baseline of plain JDBC on scratch tables of the same server,
 *                          the transaction shape of STACK.md's ceiling (lock the stock rows in id order, reserve,
 *                          insert the order, its lines and one outbox row, commit); not the product
 * </pre>
 *
 * The server runs with the durability it ships with (fsync on, synchronous_commit on); nothing is tuned here.
 * Exit code 0 when every check holds and no call failed unexpectedly, 1 otherwise, 2 on bad arguments.
 */
public final class OrderPlacementBenchmark {

    private static final String SELLER = "BENCH";
    private static final int MAX_ERRORS_SHOWN = 5;
    private static final long TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

    record Options(int workers, int seconds, int warmup, int products, long stockPerProduct, int lines, int maxQty,
                   boolean rawSql, int pool, int lanes) {

        static Options parse(String[] args) {
            boolean rawSql = false;
            int workers = 8;
            int seconds = 20;
            int warmup = 30; // C2 still compiled for ~40 % of the JVM CPU 20-35 s into a run (docs/performance.md)
            int products = 50;
            long stock = 1_000_000;
            int lines = 3;
            int maxQty = 1;
            int pool = 0;
            int lanes = 1;
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--help") || name.equals("-h")) {
                    throw new IllegalArgumentException("usage");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String value = args[++i].replace("_", "");
                switch (name) {
                    case "--workers" -> workers = Integer.parseInt(value);
                    case "--seconds" -> seconds = Integer.parseInt(value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--products" -> products = Integer.parseInt(value);
                    case "--stock-per-product" -> stock = Long.parseLong(value);
                    case "--lines" -> lines = Integer.parseInt(value);
                    case "--max-qty" -> maxQty = Integer.parseInt(value);
                    case "--pool" -> pool = Integer.parseInt(value);
                    case "--lanes" -> lanes = Integer.parseInt(value);
                    case "--mode" -> rawSql = switch (value) {
                        case "service" -> false;
                        case "raw-sql" -> true;
                        default -> throw new IllegalArgumentException("--mode is service or raw-sql");
                    };
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (workers < 1 || seconds < 1 || warmup < 0 || products < 1 || stock < 0 || lines < 1 || maxQty < 1
                    || maxQty > LineRequest.MAX_QUANTITY || pool < 0 || pool == 1 || lanes < 1 || lanes > 64) {
                throw new IllegalArgumentException("workers, seconds, products, lines and max-qty must be positive;"
                        + " warmup and stock-per-product not negative; pool at least 2; lanes 1 to 64");
            }
            return new Options(workers, seconds, warmup, products, stock, Math.min(lines, products), maxQty, rawSql,
                    pool == 0 ? workers + 2 : pool, lanes);
        }
    }

    /** What one worker saw. Latencies of measured calls only, in nanoseconds. */
    static final class WorkerResult {
        long[] latencies = new long[1 << 15];
        int measured;
        long measuredSucceeded;
        long measuredRefused;
        long succeeded;
        long refused;
        long errors;
        long unitsPlaced;

        void record(long nanos) {
            if (measured == latencies.length) {
                latencies = Arrays.copyOf(latencies, latencies.length * 2);
            }
            latencies[measured++] = nanos;
        }
    }

    /** Places one order of the given product indexes and quantities: true if placed, false if refused for stock. */
    interface Placer {
        boolean place(int worker, long seq, int[] products, long[] quantities) throws Exception;
    }

    public static void main(String[] args) {
        Options options = parseOrExit(() -> Options.parse(args), "OrderPlacementBenchmark [--workers N] [--seconds S]"
                + " [--warmup S] [--products P] [--stock-per-product Q] [--lines L] [--max-qty M]"
                + " [--pool C] [--lanes N] [--mode service|raw-sql]");
        System.exit(exitCode(() -> new OrderPlacementBenchmark(options).run()));
    }

    /** The options, or exit 2 with the error and the usage line ("usage" as the message: only the usage line). */
    static <T> T parseOrExit(java.util.function.Supplier<T> parse, String usage) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            if (!"usage".equals(e.getMessage())) {
                System.err.println("error: " + e.getMessage());
            }
            System.err.println("usage: " + usage);
            System.exit(2);
            throw e;
        }
    }

    /** What the run returns, or 1 (with the stack trace) when it throws. */
    static int exitCode(java.util.concurrent.Callable<Integer> run) {
        try {
            return run.call();
        } catch (Exception e) {
            System.err.println("benchmark failed: " + e);
            e.printStackTrace();
            return 1;
        }
    }

    private final Options options;
    private final List<String> firstErrors = new ArrayList<>();
    private final AtomicLong errorCount = new AtomicLong();

    private OrderPlacementBenchmark(Options options) {
        this.options = options;
    }

    private int run() throws Exception {
        return onFreshServer(this::runOn);
    }

    /** What a benchmark does with its server. */
    interface ServerRun {
        int run(EmbeddedPostgresServer server) throws Exception;
    }

    /**
     * Runs {@code body} on a fresh embedded PostgreSQL in a temporary BAZAAR home, then stops the server and deletes
     * the home, also on failure or Ctrl-C (a shutdown hook). Returns what the body returns.
     */
    static int onFreshServer(ServerRun body) throws Exception {
        Path home = Files.createTempDirectory("bazaar-bench-");
        Path binaries = Path.of(System.getProperty("user.home"), ".cache", "bazaar");
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(home, binaries);
        AtomicBoolean cleaned = new AtomicBoolean();
        Runnable cleanup = () -> {
            if (cleaned.compareAndSet(false, true)) {
                try {
                    server.stop();
                } catch (RuntimeException e) {
                    System.err.println("could not stop the embedded PostgreSQL in " + home + ": " + e.getMessage());
                }
                deleteTree(home);
            }
        };
        Thread hook = new Thread(cleanup, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook); // Ctrl-C: stop the server and remove the home all the same
        try {
            return body.run(server);
        } finally {
            cleanup.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
    }

    /** Migrates the server's schema as its owner (as {@code bazaar init} does). */
    static void migrate(EmbeddedPostgresServer.ConnectionInfo owner) {
        org.postgresql.ds.PGSimpleDataSource migrator = new org.postgresql.ds.PGSimpleDataSource();
        migrator.setUrl(owner.jdbcUrl());
        migrator.setUser(owner.user());
        migrator.setPassword(owner.password());
        new Migrations(migrator).migrate();
    }

    /** A Hikari pool of {@code size} connections kept open, as the given login. */
    static HikariDataSource pool(EmbeddedPostgresServer.ConnectionInfo info, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(info.jdbcUrl());
        config.setUsername(info.user());
        config.setPassword(info.password());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setPoolName("bench");
        return new HikariDataSource(config);
    }

    /** The services over {@code dataSource}, the audit key and anchors in the bench's home (deleted afterwards). */
    static Services services(EmbeddedPostgresServer server, javax.sql.DataSource dataSource) {
        Path keys = server.dataDirectory().getParent();
        return new Services(new Database(dataSource), Clock.systemUTC(), new SecureRandomSecrets(),
                new com.bazaar.domain.audit.AuditAnchoring(
                        new com.bazaar.cli.audit.AuditKeyFile(keys.resolve("audit.key")),
                        new com.bazaar.cli.audit.AnchorFile(keys.resolve("audit.anchors"), false)));
    }

    /** Initialises a fresh Bazaar (the audit key, the admin) and returns the admin, authenticated. */
    static Actor initialise(Services services) {
        services.keyAuditTrail().ensure(new CorrelationId("bench-init"));
        var init = services.initialize().initialise(new InitializeBazaar.Command(UserName.of("admin"),
                new CorrelationId("bench-init")));
        return services.authenticate().authenticate(init.token().secret(), new CorrelationId("bench")).actor();
    }

    /** One seller and its ACTIVE products SKU-00001..., each with the given stock; returns the SKUs. */
    static List<Sku> sellerWithProducts(Services services, Actor admin, SellerCode code, int products, long stock) {
        services.createSeller().create(new CreateSeller.Command(admin, Optional.empty(),
                new Seller.Draft(code, "Bench Ltd", CurrencyCode.of("EUR"))));
        List<Sku> skus = new ArrayList<>();
        for (int i = 1; i <= products; i++) {
            Sku sku = Sku.of(String.format(Locale.ROOT, "SKU-%05d", i));
            skus.add(sku);
            services.createProduct().create(new CreateProduct.Command(admin, Optional.empty(), code,
                    sku, "Bench product " + i, Optional.empty(), Optional.empty(), Attributes.NONE, "9.99"));
            services.changeProduct().activate(admin, code, sku);
            if (stock > 0) {
                services.adjustStock().adjust(new AdjustStock.Command(admin, code, sku, stock, "bench stock"));
            }
        }
        return skus;
    }

    private int runOn(EmbeddedPostgresServer server) throws Exception {
        long setupStart = System.nanoTime();
        // migrations (and the raw-SQL variant's own tables) as the schema owner; the services as commands run them
        EmbeddedPostgresServer.ConnectionInfo owner = server.ensureRunning(EmbeddedPostgresServer.Login.OWNER);
        EmbeddedPostgresServer.ConnectionInfo info = options.rawSql() ? owner
                : server.ensureRunning(EmbeddedPostgresServer.Login.APP);
        migrate(owner);
        try (HikariDataSource pool = pool(info, options.pool())) {
            CountingDataSource counting = new CountingDataSource(pool);
            JdbcClient jdbc = JdbcClient.create(pool);
            String runId = Long.toString(Instant.now().toEpochMilli(), 36);
            Placer placer;
            Checker checker;
            if (options.rawSql()) {
                RawSql raw = new RawSql(counting, jdbc, options);
                placer = raw::place;
                checker = raw::check;
            } else {
                Services services = services(server, counting);
                Actor admin = initialise(services);
                SellerCode sellerCode = SellerCode.of(SELLER);
                List<Sku> skus = sellerWithProducts(services, admin, sellerCode, options.products(),
                        options.stockPerProduct());
                if (options.lanes() > 1) {
                    for (Sku sku : skus) {
                        services.splitStock().split(new SplitStock.Command(admin, sellerCode, sku, options.lanes(),
                                "bench: flash sale"));
                    }
                }
                PlaceOrder placeOrder = services.placeOrder();
                Buyer[] buyers = new Buyer[options.workers()];
                Arrays.setAll(buyers, w -> Buyer.of("buyer-" + w));
                placer = (worker, seq, products, quantities) -> {
                    List<LineRequest> lines = new ArrayList<>(products.length);
                    for (int i = 0; i < products.length; i++) {
                        lines.add(new LineRequest(skus.get(products[i]), quantities[i]));
                    }
                    try {
                        placeOrder.place(new PlaceOrder.Command(admin, new IdempotencyKey("bench-" + runId + "-"
                                + worker + "-" + seq), sellerCode, buyers[worker], lines));
                        return true;
                    } catch (RuleViolation e) {
                        if ("INSUFFICIENT_STOCK".equals(e.code())) {
                            return false;
                        }
                        throw e;
                    }
                };
                checker = unitsPlaced -> checkService(jdbc, services, admin);
            }
            double setupSeconds = (System.nanoTime() - setupStart) / 1e9;

            printFacts(jdbc, setupSeconds);
            Snapshot before = null;
            Sampler sampler = new Sampler(info);
            WorkerResult[] results = new WorkerResult[options.workers()];
            Thread[] threads = new Thread[options.workers()];
            CountDownLatch ready = new CountDownLatch(options.workers());
            CountDownLatch go = new CountDownLatch(1);
            long[] window = new long[2]; // measured window start, end (nanoTime), set before the go signal
            for (int w = 0; w < options.workers(); w++) {
                int worker = w;
                results[w] = new WorkerResult();
                threads[w] = new Thread(() -> {
                    ready.countDown();
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    work(placer, worker, results[worker], window[0], window[1]);
                }, "bench-worker-" + w);
                threads[w].start();
            }
            ready.await();
            long start = System.nanoTime();
            window[0] = start + options.warmup() * 1_000_000_000L;
            window[1] = window[0] + options.seconds() * 1_000_000_000L;
            go.countDown();
            System.out.printf(Locale.ROOT, "running%s: %d workers, %d s warm-up + %d s measured...%n",
                    options.rawSql() ? " the RAW SQL BASELINE (not the product)" : " PlaceOrder",
                    options.workers(), options.warmup(), options.seconds());
            sleepUntil(window[0]);
            before = Snapshot.take(jdbc, server.dataDirectory(), counting);
            counting.resetProfile();
            Thread samplerThread = new Thread(() -> sampler.sampleUntil(window[1]), "bench-sampler");
            samplerThread.start();
            sleepUntil(window[1]);
            Snapshot after = Snapshot.take(jdbc, server.dataDirectory(), counting);
            for (Thread t : threads) {
                t.join();
            }
            samplerThread.join();

            int code = report(checker, results, before, after, sampler);
            counting.printProfile(Arrays.stream(results).mapToLong(r -> r.measured).sum());
            return code;
        }
    }

    /** One worker: places orders until the window closes; measures each call that starts inside the window. */
    private void work(Placer placer, int worker, WorkerResult result, long measureFrom, long measureTo) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int[] pick = new int[options.products()];
        for (int i = 0; i < pick.length; i++) {
            pick[i] = i;
        }
        long seq = 0;
        while (true) {
            long started = System.nanoTime();
            if (started >= measureTo) {
                return;
            }
            int[] products = new int[options.lines()];
            long[] quantities = new long[options.lines()];
            long units = 0;
            for (int i = 0; i < products.length; i++) { // partial Fisher-Yates: distinct products
                int j = i + random.nextInt(pick.length - i);
                int swap = pick[i];
                pick[i] = pick[j];
                pick[j] = swap;
                products[i] = pick[i];
                quantities[i] = 1 + random.nextInt(options.maxQty());
                units += quantities[i];
            }
            boolean ok = false;
            boolean refused = false;
            try {
                ok = placer.place(worker, ++seq, products, quantities);
                refused = !ok;
            } catch (Exception e) {
                error(worker, e);
            }
            long took = System.nanoTime() - started;
            if (ok) {
                result.succeeded++;
                result.unitsPlaced += units;
            } else if (refused) {
                result.refused++;
            } else {
                result.errors++;
            }
            if (started >= measureFrom) {
                result.record(took);
                if (ok) {
                    result.measuredSucceeded++;
                } else if (refused) {
                    result.measuredRefused++;
                }
            }
        }
    }

    private void error(int worker, Exception e) {
        errorCount.incrementAndGet();
        synchronized (firstErrors) {
            if (firstErrors.size() < MAX_ERRORS_SHOWN) {
                firstErrors.add("worker " + worker + ": " + e);
            }
        }
    }

    /** What the database says after a run. */
    record Checks(int products, long oversold, long reservedTotal, long onHandTotal, long heldMismatches,
                  long ordersInDb, boolean extraOk, String extra) {
    }

    interface Checker {
        Checks check(long unitsPlaced);
    }

    record StockRow(String product, long onHand, long reserved, long held) {
    }

    /** Sums up the stock rows: oversold units, totals, and rows whose reserved disagrees with what holds them. */
    static Checks checks(List<StockRow> rows, long ordersInDb, boolean extraOk, String extra) {
        long oversold = 0;
        long reserved = 0;
        long onHand = 0;
        long mismatches = 0;
        for (StockRow row : rows) {
            oversold += Math.max(0, row.reserved() - row.onHand());
            reserved += row.reserved();
            onHand += row.onHand();
            if (row.held() != row.reserved()) {
                mismatches++;
                System.out.printf("MISMATCH %s: reserved=%d but what holds it sums to %d%n", row.product(),
                        row.reserved(), row.held());
            }
        }
        return new Checks(rows.size(), oversold, reserved, onHand, mismatches, ordersInDb, extraOk, extra);
    }

    private static Checks checkService(JdbcClient jdbc, Services services, Actor admin) {
        // reserved whole: a split product's row also reserves what its lanes were allotted, of which its lanes' free
        // units are not held by anyone (ADR 0014)
        List<StockRow> rows = jdbc.sql("""
                        SELECT p.sku, s.on_hand, s.reserved - COALESCE((SELECT sum(l.allotted - l.taken)
                                   FROM stock_lanes l WHERE l.product_id = s.product_id), 0),
                               COALESCE((SELECT sum(r.quantity) FROM reservations r
                                         WHERE r.product_id = s.product_id AND r.state = 'HELD'), 0) AS held
                        FROM stock s JOIN products p ON p.id = s.product_id ORDER BY p.sku""")
                .query((rs, n) -> new StockRow(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).list();
        long orders = jdbc.sql("SELECT count(*) FROM orders").query(Long.class).single();
        // the lanes' own accounting: a row reserves its reservations' units plus its lanes' allotments, a lane's
        // taken units are its reservations'
        long laneMismatches = jdbc.sql("""
                        SELECT (SELECT count(*) FROM stock s WHERE s.reserved <> COALESCE((SELECT sum(r.quantity)
                                    FROM reservations r WHERE r.product_id = s.product_id AND r.state = 'HELD'
                                    AND r.lane IS NULL), 0)
                                  + COALESCE((SELECT sum(l.allotted) FROM stock_lanes l
                                    WHERE l.product_id = s.product_id), 0))
                             + (SELECT count(*) FROM stock_lanes l WHERE l.taken <> COALESCE((SELECT sum(r.quantity)
                                    FROM reservations r WHERE r.product_id = l.product_id AND r.lane = l.lane
                                    AND r.state = 'HELD'), 0))""").query(Long.class).single();
        long onLanes = jdbc.sql("SELECT count(*) FROM reservations WHERE lane IS NOT NULL").query(Long.class).single();
        VerifyAuditChain.Verdict chain = services.verifyAuditChain().verify(admin);
        boolean intact = chain instanceof VerifyAuditChain.Intact;
        return checks(rows, orders, intact && laneMismatches == 0, "audit chain " + (intact
                ? "intact (" + ((VerifyAuditChain.Intact) chain).records() + " records)" : "BROKEN: " + chain)
                + "; lanes: " + onLanes + " reservations on lanes, " + laneMismatches + " rows or lanes whose units"
                + " disagree with their reservations");
    }

    private int report(Checker checker, WorkerResult[] results, Snapshot before, Snapshot after, Sampler sampler) {
        long succeeded = 0;
        long refused = 0;
        long errors = 0;
        long units = 0;
        long measuredSucceeded = 0;
        long measuredRefused = 0;
        int measured = 0;
        for (WorkerResult r : results) {
            succeeded += r.succeeded;
            refused += r.refused;
            errors += r.errors;
            units += r.unitsPlaced;
            measuredSucceeded += r.measuredSucceeded;
            measuredRefused += r.measuredRefused;
            measured += r.measured;
        }
        long[] all = new long[measured];
        int at = 0;
        for (WorkerResult r : results) {
            System.arraycopy(r.latencies, 0, all, at, r.measured);
            at += r.measured;
        }
        Arrays.sort(all);
        double seconds = options.seconds();

        Checks checks = checker.check(units);
        long oversold = checks.oversold();
        boolean unitsMatch = units == checks.reservedTotal();
        boolean ordersMatch = checks.ordersInDb() == succeeded;
        boolean ok = oversold == 0 && checks.heldMismatches() == 0 && unitsMatch && ordersMatch && checks.extraOk()
                && errors == 0 && checks.products() == options.products();

        System.out.printf(Locale.ROOT, "all calls (warm-up included): placed=%d refused=%d errors=%d;"
                        + " units placed=%d, sum(stock.reserved)=%d of on_hand %d (%s); orders in db=%d (%s)%n",
                succeeded, refused, errors, units, checks.reservedTotal(), checks.onHandTotal(),
                unitsMatch ? "equal" : "DIFFERENT", checks.ordersInDb(), ordersMatch ? "equal" : "DIFFERENT");
        System.out.printf(Locale.ROOT, "checks: oversold units=%d, products with reserved != %s=%d, %s%n", oversold,
                options.rawSql() ? "sum(order line quantities)" : "sum(HELD reservations)", checks.heldMismatches(),
                checks.extra());
        if (errorCount.get() > 0) {
            System.out.println("first errors:");
            synchronized (firstErrors) {
                firstErrors.forEach(e -> System.out.println("  " + e));
            }
        }
        after.printDelta(before, measured, seconds);
        sampler.print();
        System.out.printf(Locale.ROOT, "RESULT %s%sworkers=%d products=%d lines=%d stock=%d orders=%d orders/s=%.1f"
                        + " calls/s=%.1f p50=%s p90=%s p99=%s max=%s refused=%d errors=%d oversold=%d checks=%s%n",
                options.rawSql() ? "mode=raw-sql " : "", options.lanes() > 1 ? "lanes=" + options.lanes() + " " : "",
                options.workers(), options.products(), options.lines(),
                options.stockPerProduct(), measuredSucceeded,
                measuredSucceeded / seconds, measured / seconds, ms(percentile(all, 0.50)), ms(percentile(all, 0.90)),
                ms(percentile(all, 0.99)), ms(all.length == 0 ? 0 : all[all.length - 1]), measuredRefused, errors,
                oversold, ok ? "ok" : "FAILED");
        return ok ? 0 : 1;
    }

    private void printFacts(JdbcClient jdbc, double setupSeconds) {
        String pg = jdbc.sql("SELECT current_setting('server_version')").query(String.class).single();
        String durability = jdbc.sql("SELECT 'fsync=' || current_setting('fsync') || ' synchronous_commit='"
                + " || current_setting('synchronous_commit') || ' wal_sync_method=' || current_setting('wal_sync_method')"
                + " || ' shared_buffers=' || current_setting('shared_buffers')").query(String.class).single();
        System.out.printf(Locale.ROOT, "machine: nproc=%d, load average %.2f, java %s (%s), %s %s; PostgreSQL %s (%s)%n",
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), System.getProperty("os.name"), System.getProperty("os.version"),
                pg, durability);
        System.out.printf(Locale.ROOT, "setup: server + schema + %d products with %d each in %.1f s; pool=%d"
                        + " connections; %d lines/order, quantity 1..%d%n",
                options.products(), options.stockPerProduct(), setupSeconds, options.pool(), options.lines(),
                options.maxQty());
    }

    // ---- measurements of the machine and the server during the measured window ----

    /** Counters read at the start and the end of the measured window. */
    record Snapshot(long nanos, long commits, long rollbacks, long walSyncs, long walBytes, long cpuBusy, long cpuTotal,
                    long cpuIrq, long cpuSteal, long jvmCpuNanos, long postgresTicks, long statements, long jdbcCommits) {

        static Snapshot take(JdbcClient jdbc, Path dataDirectory, CountingDataSource counting) {
            // statistics of busy backends reach the shared counters within about a second; both ends lag alike
            var db = jdbc.sql("SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = current_database()")
                    .query((rs, n) -> new long[]{rs.getLong(1), rs.getLong(2)}).single();
            var wal = jdbc.sql("SELECT wal_sync, wal_bytes::bigint FROM pg_stat_wal")
                    .query((rs, n) -> new long[]{rs.getLong(1), rs.getLong(2)}).single();
            long[] cpu = procStat();
            long jvm = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : -1;
            return new Snapshot(System.nanoTime(), db[0], db[1], wal[0], wal[1], cpu[0], cpu[1], cpu[2], cpu[3], jvm,
                    postgresTicks(dataDirectory), counting.statements.get(), counting.commits.get());
        }

        /** CPU time (clock ticks) of this benchmark's postmaster and its children, from /proc; -1 if unknown. */
        private static long postgresTicks(Path dataDirectory) {
            try {
                long postmaster = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0)
                        .strip());
                long ticks = 0;
                try (var dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                    for (Path dir : dirs) {
                        String stat;
                        try {
                            stat = Files.readString(dir.resolve("stat"));
                        } catch (IOException gone) {
                            continue;
                        }
                        // after the command name in parentheses: state ppid ... utime (14) stime (15)
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long pid = Long.parseLong(dir.getFileName().toString());
                        long ppid = Long.parseLong(f[1]);
                        if (pid == postmaster || ppid == postmaster) {
                            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        }
                    }
                }
                return ticks;
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        /** Prints the counters' change over the measured window, per second and per measured call (placed or refused). */
        void printDelta(Snapshot before, long calls, double seconds) {
            long orders = calls;
            double wall = (nanos - before.nanos) / 1e9;
            if (orders > 0) {
                System.out.printf(Locale.ROOT, "jdbc, measured window: %.1f statements executed and %.2f commits"
                                + " per call%n",
                        (double) (statements - before.statements) / orders,
                        (double) (jdbcCommits - before.jdbcCommits) / orders);
            }
            long commitsDelta = commits - before.commits;
            long syncs = walSyncs - before.walSyncs;
            System.out.printf(Locale.ROOT, "server, measured window: %.0f commits/s%s, %.0f rollbacks/s, %.0f WAL"
                            + " fsyncs/s (%.1f commits per fsync)%s%n",
                    commitsDelta / wall, orders == 0 ? "" : String.format(Locale.ROOT, " (%.2f per call)",
                            (double) commitsDelta / orders),
                    (rollbacks - before.rollbacks) / wall, syncs / wall,
                    syncs == 0 ? 0.0 : (double) commitsDelta / syncs,
                    orders == 0 ? "" : String.format(Locale.ROOT, ", %.1f kB WAL per call",
                            (walBytes - before.walBytes) / 1024.0 / orders));
            if (cpuTotal > before.cpuTotal) {
                double busy = 100.0 * (cpuBusy - before.cpuBusy) / (cpuTotal - before.cpuTotal);
                int cores = Runtime.getRuntime().availableProcessors();
                double jvmShare = jvmCpuNanos < 0 ? Double.NaN
                        : 100.0 * (jvmCpuNanos - before.jvmCpuNanos) / (wall * 1e9 * cores);
                double pgShare = postgresTicks < 0 || before.postgresTicks < 0 ? Double.NaN
                        : 100.0 * (postgresTicks - before.postgresTicks) / TICKS_PER_SECOND / (wall * cores);
                double irq = 100.0 * (cpuIrq - before.cpuIrq) / (cpuTotal - before.cpuTotal);
                double steal = 100.0 * (cpuSteal - before.cpuSteal) / (cpuTotal - before.cpuTotal);
                System.out.printf(Locale.ROOT, "cpu, measured window: machine %.0f%% busy of %d cores: this JVM %.0f%%,"
                                + " this PostgreSQL %.0f%%, interrupts %.0f%%, stolen by the hypervisor %.0f%%,"
                                + " rest (other processes; approximate) %.0f%%%s%n", busy, cores, jvmShare,
                        pgShare, irq, steal, Math.max(0, busy - jvmShare - pgShare - irq - steal),
                        orders == 0 ? "" : String.format(Locale.ROOT, "; CPU per call: JVM %.2f ms,"
                                        + " PostgreSQL %.2f ms", (jvmCpuNanos - before.jvmCpuNanos) / 1e6 / orders,
                                (postgresTicks - before.postgresTicks) * 1000.0 / TICKS_PER_SECOND / orders));
            }
        }

        /** {busy, total, irq + softirq, steal} jiffies of all CPUs from /proc/stat; zeros where there is none. */
        private static long[] procStat() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < f.length; i++) {
                    total += Long.parseLong(f[i]);
                }
                // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest is inside user)
                for (int i = 9; i < f.length; i++) {
                    total -= Long.parseLong(f[i]);
                }
                long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                long irq = Long.parseLong(f[6]) + Long.parseLong(f[7]);
                long steal = Long.parseLong(f[8]);
                return new long[]{total - idle, total, irq, steal};
            } catch (IOException | RuntimeException e) {
                return new long[]{0, 0, 0, 0};
            }
        }
    }

    /**
     * Samples what the server's client backends are doing every 50 ms on a connection of its own (not one of the
     * pool's): running, waiting for a lock (and on which statement), waiting for WAL, or idle in a transaction
     * (the server waits for the client).
     */
    static final class Sampler {
        private final EmbeddedPostgresServer.ConnectionInfo info;
        private final Map<String, Long> counts = new TreeMap<>();
        private long samples;
        private String failure;

        Sampler(EmbeddedPostgresServer.ConnectionInfo info) {
            this.info = info;
        }

        void sampleUntil(long endNanos) {
            Properties props = new Properties();
            props.setProperty("user", info.user());
            props.setProperty("password", info.password());
            String sql = """
                    SELECT CASE
                             WHEN state = 'idle' THEN 'idle (between transactions)'
                             WHEN state LIKE 'idle in transaction%' THEN 'idle in transaction (waiting for the JVM)'
                             WHEN wait_event_type = 'Lock' THEN 'lock wait on ' || CASE
                                  WHEN query ILIKE '%audit_chain_head%' THEN 'the audit chain head'
                                  WHEN query ILIKE '%stock%' THEN 'stock rows'
                                  ELSE 'other: ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 40) END
                             WHEN wait_event_type IS NULL THEN 'running (on CPU or runnable)'
                             ELSE 'waiting ' || wait_event_type || ':' || wait_event
                           END AS what, count(*)
                    FROM pg_stat_activity
                    WHERE backend_type = 'client backend' AND datname = current_database() AND pid <> pg_backend_pid()
                    GROUP BY 1""";
            try (Connection c = DriverManager.getConnection(info.jdbcUrl(), props);
                 Statement s = c.createStatement()) {
                while (System.nanoTime() < endNanos) {
                    try (ResultSet rs = s.executeQuery(sql)) {
                        while (rs.next()) {
                            counts.merge(rs.getString(1), rs.getLong(2), Long::sum);
                        }
                    }
                    samples++;
                    Thread.sleep(50);
                }
            } catch (SQLException e) {
                failure = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void print() {
            if (samples == 0) {
                System.out.println("backends: no samples" + (failure == null ? "" : " (" + failure + ")"));
                return;
            }
            System.out.printf(Locale.ROOT, "backends, average over %d samples of pg_stat_activity (pool + 1 spare"
                    + " connection):%n", samples);
            counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> System.out.printf(Locale.ROOT, "  %5.2f  %s%n", (double) e.getValue() / samples,
                            e.getKey()));
        }
    }

    /**
     * The pool, with a count of the statements executed (each execute call is one round trip to the server) and the
     * commits on its connections: a {@link java.lang.reflect.Proxy} per borrowed connection and per statement;
     * everything else passes straight through.
     */
    static final class CountingDataSource extends org.springframework.jdbc.datasource.DelegatingDataSource {
        final AtomicLong statements = new AtomicLong();
        final AtomicLong commits = new AtomicLong();

        CountingDataSource(javax.sql.DataSource pool) {
            super(pool);
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection real = super.getConnection();
            return (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "equals" -> {
                                return proxy == args[0];
                            }
                            case "hashCode" -> {
                                return System.identityHashCode(proxy);
                            }
                            case "commit" -> commits.incrementAndGet();
                            default -> {
                            }
                        }
                        Object result = invoke(real, method, args);
                        String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : null;
                        return result instanceof java.sql.Statement statement
                                && method.getReturnType().isInterface() ? counting(statement, method.getReturnType(), sql)
                                : result;
                    });
        }

        private Object counting(java.sql.Statement real, Class<?> type, String preparedSql) {
            return java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type},
                    (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "equals" -> {
                                return proxy == args[0];
                            }
                            case "hashCode" -> {
                                return System.identityHashCode(proxy);
                            }
                            default -> {
                                if (method.getName().startsWith("execute")) {
                                    statements.incrementAndGet();
                                    if (PROFILE_STATEMENTS) {
                                        String sql = preparedSql != null ? preparedSql
                                                : args != null && args.length > 0 && args[0] instanceof String s ? s
                                                : "?";
                                        long start = System.nanoTime();
                                        try {
                                            return invoke(real, method, args);
                                        } finally {
                                            long nanos = System.nanoTime() - start;
                                            long[] cell = profile.computeIfAbsent(sql, k -> new long[2]);
                                            synchronized (cell) {
                                                cell[0]++;
                                                cell[1] += nanos;
                                            }
                                        }
                                    }
                                }
                            }
                        }
                        return invoke(real, method, args);
                    });
        }

        /**
         * With {@code BENCH_PROFILE_STATEMENTS=1}: the calls and wall time of each statement text since
         * {@link #resetProfile()}, measured around {@code execute*} (with one worker, about its server time plus a
         * round trip), the most expensive first.
         */
        static final boolean PROFILE_STATEMENTS = "1".equals(System.getenv("BENCH_PROFILE_STATEMENTS"));
        final java.util.concurrent.ConcurrentHashMap<String, long[]> profile = new java.util.concurrent.ConcurrentHashMap<>();

        void resetProfile() {
            profile.clear();
        }

        void printProfile(long orders) {
            if (!PROFILE_STATEMENTS || orders == 0) {
                return;
            }
            System.out.printf(Locale.ROOT, "statements, measured window (%d orders): calls/order, us/call, us/order,"
                    + " text%n", orders);
            profile.entrySet().stream()
                    .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                    .forEach(e -> System.out.printf(Locale.ROOT, "  %5.2f %8.1f %8.1f  %s%n",
                            (double) e.getValue()[0] / orders, e.getValue()[1] / 1e3 / e.getValue()[0],
                            e.getValue()[1] / 1e3 / orders,
                            e.getKey().replaceAll("\\s+", " ").substring(0, Math.min(150,
                                    e.getKey().replaceAll("\\s+", " ").length()))));
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    /**
     * The baseline: the transaction shape of STACK.md's "order transaction" ceiling in plain JDBC on scratch tables
     * ({@code bench_raw}) of the same server, over the same pool and its counters. Not the product: no idempotency
     * key, seller check, pricing, reservation rows, payment intent or audit trail.
     */
    static final class RawSql {
        private final javax.sql.DataSource dataSource;
        private final JdbcClient jdbc;

        RawSql(javax.sql.DataSource dataSource, JdbcClient jdbc, Options options) {
            this.dataSource = dataSource;
            this.jdbc = jdbc;
            jdbc.sql("""
                    CREATE SCHEMA bench_raw;
                    CREATE TABLE bench_raw.stock (product_id bigint PRIMARY KEY, on_hand bigint NOT NULL,
                        reserved bigint NOT NULL, CHECK (reserved >= 0 AND reserved <= on_hand));
                    CREATE TABLE bench_raw.orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        buyer text NOT NULL, total_minor bigint NOT NULL, placed_at timestamptz NOT NULL);
                    CREATE TABLE bench_raw.order_lines (order_id bigint NOT NULL REFERENCES bench_raw.orders (id),
                        line_no int NOT NULL, product_id bigint NOT NULL REFERENCES bench_raw.stock (product_id),
                        quantity bigint NOT NULL, price_minor bigint NOT NULL, PRIMARY KEY (order_id, line_no));
                    CREATE TABLE bench_raw.outbox (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        event_type text NOT NULL, payload jsonb NOT NULL, created_at timestamptz NOT NULL)""").update();
            jdbc.sql("INSERT INTO bench_raw.stock SELECT g, :q, 0 FROM generate_series(1, :n) g")
                    .param("q", options.stockPerProduct()).param("n", options.products()).update();
        }

        boolean place(int worker, long seq, int[] products, long[] quantities) throws SQLException {
            int n = products.length;
            Integer[] order = new Integer[n];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparingInt(i -> products[i])); // lock in id order: no deadlocks
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    try (var lock = c.prepareStatement("SELECT on_hand - reserved FROM bench_raw.stock"
                            + " WHERE product_id = ? FOR UPDATE")) {
                        for (int i : order) {
                            lock.setLong(1, products[i] + 1L);
                            try (ResultSet rs = lock.executeQuery()) {
                                if (!rs.next() || rs.getLong(1) < quantities[i]) {
                                    c.rollback();
                                    return false;
                                }
                            }
                        }
                    }
                    try (var reserve = c.prepareStatement("UPDATE bench_raw.stock SET reserved = reserved + ?"
                            + " WHERE product_id = ?")) {
                        for (int i : order) {
                            reserve.setLong(1, quantities[i]);
                            reserve.setLong(2, products[i] + 1L);
                            reserve.executeUpdate();
                        }
                    }
                    long id;
                    try (var insert = c.prepareStatement("INSERT INTO bench_raw.orders (buyer, total_minor, placed_at)"
                            + " VALUES (?, ?, now()) RETURNING id")) {
                        insert.setString(1, "buyer-" + worker);
                        insert.setLong(2, 999L * Arrays.stream(quantities).sum());
                        try (ResultSet rs = insert.executeQuery()) {
                            rs.next();
                            id = rs.getLong(1);
                        }
                    }
                    try (var line = c.prepareStatement("INSERT INTO bench_raw.order_lines (order_id, line_no,"
                            + " product_id, quantity, price_minor) VALUES (?, ?, ?, ?, 999)")) {
                        for (int i = 0; i < n; i++) {
                            line.setLong(1, id);
                            line.setInt(2, i + 1);
                            line.setLong(3, products[i] + 1L);
                            line.setLong(4, quantities[i]);
                            line.executeUpdate();
                        }
                    }
                    try (var outbox = c.prepareStatement("INSERT INTO bench_raw.outbox (event_type, payload,"
                            + " created_at) VALUES ('OrderPlaced', ?::jsonb, now())")) {
                        outbox.setString(1, "{\"order\":" + id + ",\"worker\":" + worker + ",\"seq\":" + seq + "}");
                        outbox.executeUpdate();
                    }
                    c.commit();
                    return true;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
        }

        Checks check(long unitsPlaced) {
            List<StockRow> rows = jdbc.sql("""
                            SELECT s.product_id::text, s.on_hand, s.reserved,
                                   COALESCE((SELECT sum(l.quantity) FROM bench_raw.order_lines l
                                             WHERE l.product_id = s.product_id), 0)
                            FROM bench_raw.stock s ORDER BY s.product_id""")
                    .query((rs, n) -> new StockRow(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                    .list();
            long orders = jdbc.sql("SELECT count(*) FROM bench_raw.orders").query(Long.class).single();
            long outbox = jdbc.sql("SELECT count(*) FROM bench_raw.outbox").query(Long.class).single();
            return checks(rows, orders, outbox == orders, "outbox rows " + outbox + (outbox == orders ? " = orders"
                    : " != orders"));
        }
    }

    // ---- helpers ----

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1fms", nanos / 1e6);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 200)));
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    System.err.println("could not delete " + p + ": " + e.getMessage());
                }
            });
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }
}
