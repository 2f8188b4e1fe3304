package com.bazaar.cli.commands;

import com.bazaar.cli.Bazaar;
import com.bazaar.cli.CliContext;
import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Walks through the spine with real commands on a fresh embedded database of its own: the first admin, sellers,
 * users of several roles, refused attempts, the audit trail and its verification. Each step prints the command,
 * its output and its exit code, and is checked against the exit code it must have.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run a guided demo on a fresh embedded database in $BAZAAR_HOME/demo (wiped first): users and",
                "roles, sellers, products, stock, orders, payments, refunds, the ledger and the audit trail.",
                "Exit 0 when every step behaved as expected."})
final class DemoCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--keep-running", description = "Leave the demo's PostgreSQL running afterwards (to explore).")
    boolean keepRunning;

    @Option(names = "--events", description = {"Also show events leaving the database: the demo's own Kafka broker,",
            "the outbox relay, an order placed through the queue by a worker, a poison message in the dead-letter",
            "queue and its replay (about a minute more)."})
    boolean events;

    private Path home;
    private final List<String> failures = new ArrayList<>();
    private PrintWriter out;

    DemoCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (!context.config().embedded()) {
            throw new CommandFailure(ExitCode.USAGE, "the demo runs on an embedded database of its own; "
                    + "run it without --db-url / BAZAAR_DB_URL");
        }
        out = context.out();
        home = context.config().home().resolve("demo");
        run(null, "Stop a demo server left from an earlier run, if any", 0, "db", "stop");
        deleteTree(home);

        out.println("Bazaar demo: a fresh installation in " + home);
        com.bazaar.postgres.files.PrivateFiles.createDirectories(home); // 0700: a home only its user may change
        String admin = lastLine(run(null, "Initialise: schema, first admin, its token", 0, "init"));
        run(admin, "Who am I?", 0, "whoami");
        run(admin, "Register two sellers", 0, "seller", "create", "--code", "ACME", "--name", "Acme Ltd",
                "--currency", "USD", "--reason", "onboarding call 2026-11-25");
        run(admin, null, 0, "seller", "create", "--code", "GLOBEX", "--name", "Globex GmbH", "--currency", "EUR",
                "--idempotency-key", "onboard-globex");
        run(admin, "Repeat a create with the same idempotency key: the original is returned", 0, "seller", "create",
                "--code", "GLOBEX", "--name", "Globex GmbH", "--currency", "EUR", "--idempotency-key",
                "onboard-globex");
        run(admin, "A duplicate code without a key is a conflict", 6, "seller", "create", "--code", "ACME",
                "--name", "Acme again", "--currency", "USD");
        run(admin, "Bad input is refused with a clear sentence", 4, "seller", "create", "--code", "A B",
                "--name", "Spaces", "--currency", "USD");
        String acme = lastLine(run(admin, "A user for seller ACME", 0, "user", "create", "--name", "acme-ops",
                "--role", "seller", "--seller", "ACME"));
        String olivia = lastLine(run(admin, "An operator", 0, "user", "create", "--name", "olivia", "--role",
                "operator"));
        run(acme, "The seller user sees its own seller", 0, "seller", "show", "ACME");
        run(acme, "...but not another seller's (refused, and audited as DENIED)", 3, "seller", "show", "GLOBEX");
        run(acme, "...and may not suspend sellers", 3, "seller", "suspend", "ACME", "--reason", "trying");
        run(olivia, "The operator suspends a seller, with a reason", 0, "seller", "suspend", "GLOBEX", "--reason",
                "KYC documents expired");
        run(olivia, "Operators may not create users", 3, "user", "create", "--name", "mallory", "--role", "admin");
        // Commerce. A fresh database numbers the first order 1001 and its payment 5001.
        run(acme, "The seller user builds its catalog: a product starts as a DRAFT", 0, "product", "create",
                "--seller", "ACME", "--sku", "MUG-01", "--title", "Blue mug", "--price", "12.99", "--category",
                "Kitchen", "--attributes", "{\"color\":\"blue\",\"oz\":12}");
        run(acme, null, 0, "product", "activate", "--seller", "ACME", "--sku", "MUG-01");
        run(acme, null, 0, "inventory", "adjust", "--seller", "ACME", "--sku", "MUG-01", "--delta", "10", "--reason",
                "goods received PO-4411");
        run(acme, null, 0, "product", "create", "--seller", "ACME", "--sku", "PEN-01", "--title", "Gel pen", "--price",
                "1.50");
        run(acme, null, 0, "product", "activate", "--seller", "ACME", "--sku", "PEN-01");
        run(acme, null, 0, "inventory", "adjust", "--seller", "ACME", "--sku", "PEN-01", "--delta", "100", "--reason",
                "goods received PO-4412");
        Path catalog = home.resolve("acme-catalog.csv");
        Path errors = home.resolve("acme-catalog-errors.csv");
        write(catalog, "sku,title,price,quantity,category,description\n"
                + "TEA-01,Green tea,4.50,40,Kitchen,\"Loose leaf, 100 g\"\n"
                + "TEA-02,Black tea,4.20,25,Kitchen,\n"
                + "3.65275E+11,Mystery item,9.99,1,,\n"
                + "TEA-03,Herbal tea,3.999,10,Kitchen,\n"
                + "TEA-04,\"Chai, spiced\",5.10,-2,Kitchen,\"A warming blend.\nBest with milk.\"\n");
        run(acme, "A bulk catalog upload (a Spring Batch job): plan first - it changes nothing", 0, "job", "run",
                "catalog-import", "--seller", "ACME", "--file", catalog.toString(), "--on-error", "skip-rows");
        run(acme, "Apply, importing the valid rows and reporting the rest", 0, "job", "run", "catalog-import",
                "--seller", "ACME", "--file", catalog.toString(), "--mode", "apply", "--on-error", "skip-rows",
                "--error-report", errors.toString());
        out.println("$ cat " + errors);
        read(errors).lines().forEach(line -> out.println("  " + line));
        run(acme, "The same file again: nothing is imported twice", 0, "job", "run", "catalog-import", "--seller",
                "ACME", "--file", catalog.toString(), "--mode", "apply", "--on-error", "skip-rows");
        run(acme, "A discount: 10 % off the Kitchen category", 0, "discount", "create", "--seller", "ACME",
                "--category", "Kitchen", "--percent", "10");
        run(olivia, "The operator quotes, then places an order (all lines reserved, or none)", 0, "price", "quote",
                "--seller", "ACME", "--line", "MUG-01:2", "--line", "PEN-01:3");
        run(olivia, null, 0, "order", "place", "--idempotency-key", "demo-order-1", "--buyer", "alice@example.com",
                "--seller", "ACME", "--line", "MUG-01:2", "--line", "PEN-01:3");
        run(olivia, "The same order placed again with the same key: the original order, not a second one", 0,
                "order", "place", "--idempotency-key", "demo-order-1", "--buyer", "alice@example.com", "--seller",
                "ACME", "--line", "MUG-01:2", "--line", "PEN-01:3");
        run(olivia, "Overselling is impossible: 8 mugs are left", 4, "order", "place", "--idempotency-key",
                "demo-order-2", "--buyer", "bob@example.com", "--seller", "ACME", "--line", "MUG-01:9");
        run(acme, null, 0, "inventory", "show", "--seller", "ACME", "--sku", "MUG-01");
        run(admin, "Payment through the (simulated) provider: authorize, then capture - the order is PAID", 0,
                "payment", "authorize", "5001");
        run(admin, null, 0, "payment", "capture", "5001");
        run(olivia, "A partial refund, exactly once per key; never more than was captured", 0, "refund", "create",
                "--payment", "5001", "--amount", "5.00", "--reason", "mug arrived chipped", "--idempotency-key",
                "demo-refund-1");
        run(olivia, null, 4, "refund", "create", "--payment", "5001", "--amount", "100.00", "--reason", "too much",
                "--idempotency-key", "demo-refund-2");
        run(olivia, "A second order, paid; the provider's settlement file will not mention it", 0, "order", "place",
                "--idempotency-key", "demo-order-3", "--buyer", "carol@example.com", "--seller", "ACME", "--line",
                "PEN-01:2");
        run(admin, null, 0, "payment", "authorize", "5002");
        run(admin, null, 0, "payment", "capture", "5002");
        String day = java.time.LocalDate.now(context.clock()).toString();
        String payoutDay = java.time.LocalDate.now(context.clock()).plusDays(5).toString();
        Path settlement = home.resolve("provider-settlement.csv");
        write(settlement, "provider_reference,merchant_reference,type,gross,fee,net,currency,booking_date,payout_id\n"
                + "tx_1,5001,PAYMENT,27.88,0.81,27.07,USD," + day + ",po_demo\n"
                + "tx_1_again,5001,PAYMENT,27.88,0.81,27.07,USD," + day + ",po_demo\n"
                + "tx_rf,5001,REFUND,-5.00,0.00,-5.00,USD," + day + ",po_demo\n"
                + "tx_x,999001,PAYMENT,12.00,0.35,11.65,USD," + day + ",po_demo\n"
                + "po_demo,,PAYOUT,-60.79,0.00,-60.79,USD," + day + ",po_demo\n");
        out.println();
        out.println("## Finance reconciles the provider's settlement file: a fee, a duplicate line, an unknown reference,"
                + " and payment 5002 missing");
        out.println("$ cat " + settlement);
        read(settlement).lines().forEach(line -> out.println("  " + line));
        String recon = run(admin, null, 0, "recon", "run", "--provider", "generic", "--file", settlement.toString(),
                "--payout-date", payoutDay);
        java.util.regex.Matcher runId = java.util.regex.Pattern.compile("Reconciliation run (\\d+)").matcher(recon);
        if (runId.find()) {
            run(admin, "The discrepancies, each with its difference and best candidate", 0, "recon", "report",
                    runId.group(1), "--category", "MISSING_IN_LEDGER");
            run(admin, null, 0, "recon", "report", runId.group(1), "--category", "MISSING_IN_SETTLEMENT");
            Path page = home.resolve("reconciliation-" + runId.group(1) + ".html");
            run(admin, "The same run as one page for finance to open, print or mail: a waterfall per payout, the"
                    + " discrepancies and their items", 0, "recon", "report", runId.group(1), "--output", "html",
                    "--out", page.toString());
            if (!Files.isRegularFile(page)) {
                failures.add("recon report --output html wrote no " + page);
            }
        } else {
            failures.add("recon run printed no run id");
        }
        run(admin, "The double-entry ledger balances", 0, "ledger", "balance");
        run(admin, null, 0, "ledger", "check");
        run(acme, "The seller ships its own order", 0, "order", "ship", "1001");
        if (events) {
            eventsTour(admin, olivia);
        }
        run(admin, "Revoke the seller user; its token stops working", 0, "user", "revoke", "acme-ops", "--reason",
                "contract ended");
        run(acme, null, 3, "whoami");
        run(admin, "The audit trail: who did what, when and why", 0, "audit", "log");
        run(admin, "Anchor the chain head outside the database (signed with the audit key made by init)", 0, "audit",
                "anchor");
        run(admin, "Verify the audit trail: hashes, links, MACs under the audit key, and the anchor", 0, "audit",
                "verify");
        if (!keepRunning) {
            if (events) {
                run(null, "Stop the demo's Kafka broker", 0, "kafka", "stop");
            }
            run(null, "Stop the demo's database server", 0, "db", "stop");
        } else {
            out.println();
            out.println("The demo's database keeps running. Explore it with:");
            out.println("  BAZAAR_HOME=" + home + " BAZAAR_TOKEN=" + admin + " scripts/bazaar audit log");
        }
        out.println();
        if (failures.isEmpty()) {
            out.println("Demo finished: every step behaved as expected.");
            return ExitCode.OK;
        }
        out.println("Demo FAILED at: " + String.join("; ", failures));
        return ExitCode.FAILURE;
    }

    private String run(String token, String title, int expected, String... args) {
        if (title != null) {
            out.println();
            out.println("## " + title);
        }
        out.println("$ bazaar " + String.join(" ", quoted(args)));
        StringWriter captured = new StringWriter();
        PrintWriter writer = new PrintWriter(captured, true);
        int code = execute(token, writer, args);
        writer.flush();
        captured.toString().lines().forEach(line -> out.println("  " + line));
        out.println("  (exit " + code + (code == expected ? "" : ", expected " + expected) + ")");
        if (code != expected) {
            failures.add("bazaar " + String.join(" ", args) + " exited " + code + " instead of " + expected);
        }
        return captured.toString();
    }

    /**
     * Events leave the database: the demo's broker, the relay, a worker placing an order from the queue, and a poison
     * message that the worker dead-letters, replays (still unreadable: dead-lettered again, nothing lost) and that an
     * admin finally discards with a reason.
     */
    private void eventsTour(String admin, String olivia) {
        run(admin, "Events leave the database: the demo's own Kafka broker (KRaft, from the jar's own classes)", 0,
                "kafka", "start");
        run(admin, "The outbox relay publishes every committed event to Kafka, once, in order per aggregate", 0,
                "events", "relay", "--once");
        run(admin, null, 0, "events", "status");
        out.println();
        out.println("## A worker runs the consumers (in the background, for 45 s): order intake, sales, dead letters");
        StringWriter workerOutput = new StringWriter();
        Thread worker = new Thread(() -> execute(admin, new PrintWriter(workerOutput, true), "worker", "--run-for",
                "45s"), "demo-worker");
        worker.start();
        run(olivia, "An order through the queue: a storefront publishes a request, the worker places it and answers", 0,
                "order", "submit", "--idempotency-key", "demo-queue-1", "--buyer", "dave@example.com", "--seller",
                "ACME", "--line", "PEN-01:4", "--wait", "--wait-timeout", "40s");
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(
                kafkaConnection().config(java.util.Map.of("acks", "all")),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            out.println();
            out.println("## A poison message: a request that is not JSON lands in the dead-letter queue, with its reason");
            out.println("$ (a storefront publishes '{not json' to bazaar.order-requests.v1)");
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("bazaar.order-requests.v1",
                    "broken-1", "{not json")).get();
        } catch (Exception e) {
            failures.add("could not publish the poison message: " + e.getMessage());
        }
        String first = awaitDeadLetter(admin, 0);
        run(admin, null, 0, "events", "dlq", "list");
        if (first != null) {
            run(admin, "Replay it after a fix: it goes back on its topic; still unreadable, it is dead-lettered again"
                    + " - never lost", 0, "events", "dlq", "replay", first);
            String again = awaitDeadLetter(admin, Long.parseLong(first));
            if (again != null) {
                run(admin, "Discard it, with a reason (audited)", 0, "events", "dlq", "discard", again, "--reason",
                        "malformed request from a test storefront");
            }
        }
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.println("$ bazaar worker --run-for 45s");
        workerOutput.toString().lines().forEach(line -> out.println("  " + line));
        run(admin, "The relay publishes what happened meanwhile; nothing is waiting", 0, "events", "relay", "--once");
        run(admin, null, 0, "events", "status");
    }

    /** Waits (up to 30 s) for an open dead letter with an id above {@code after}; its id, or null (a failure). */
    private String awaitDeadLetter(String admin, long after) {
        java.util.regex.Pattern id = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
        for (int i = 0; i < 60; i++) {
            StringWriter listed = new StringWriter();
            execute(admin, new PrintWriter(listed, true), "events", "dlq", "list", "--output", "json");
            var m = id.matcher(listed.toString());
            while (m.find()) {
                if (Long.parseLong(m.group(1)) > after) {
                    return m.group(1);
                }
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        failures.add("no dead letter appeared within 30 s");
        return null;
    }

    private com.bazaar.events.KafkaConnection kafkaConnection() {
        CliContext step = new CliContext(demoEnv(null), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        try {
            return step.kafkaConnection();
        } finally {
            step.close();
        }
    }

    /** Runs a command of the demo's installation quietly, into {@code writer}. */
    private int execute(String token, PrintWriter writer, String... args) {
        CliContext step = new CliContext(demoEnv(token), writer, writer);
        try {
            return Bazaar.commandLine(step).execute(args);
        } finally {
            step.close();
        }
    }

    /** The environment of a step: the demo's own home, database, audit key, anchors and broker; the given token. */
    private Map<String, String> demoEnv(String token) {
        Map<String, String> env = new HashMap<>(context.env());
        env.remove("BAZAAR_DB_URL");
        env.remove("BAZAAR_TOKEN");
        env.remove("BAZAAR_AUDIT_KEY_FILE"); // the demo's own installation: its key and anchors live in its home
        env.remove("BAZAAR_AUDIT_ANCHORS_FILE");
        env.remove("BAZAAR_KAFKA"); // the demo's own broker, in its home
        env.remove("BAZAAR_KAFKA_TOPIC_PREFIX");
        env.put("BAZAAR_HOME", home.toString());
        if (token != null) {
            env.put("BAZAAR_TOKEN", token);
        }
        return env;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no report: " + e.getMessage() + ")";
        }
    }

    private static List<String> quoted(String[] args) {
        return Stream.of(args).map(a -> a.contains(" ") ? "\"" + a + "\"" : a).toList();
    }

    private static String lastLine(String output) {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
