package com.bazaar.cli;

import com.bazaar.cli.output.TerminalText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue 10, item 2: a seller (or anyone who writes stored text) cannot reach the operator's terminal. Hostile text -
 * ESC[2J (clear the screen), OSC 0;title BEL (set the window title), CSI in its C1 form U+009B, U+202E (right-to-left
 * override), CR, tab, newline, U+2028, invisible characters - is stored in every free-text field that accepts it,
 * through the real commands and jobs (product description, attributes, title, category, seller name and reasons,
 * discount category, refund and adjustment reasons, a catalog file literally named with ESC in it, rows of import
 * files, settlement references and payout ids, audit before/after). Then every command runs, the listing and
 * showing ones in table, CSV and JSON output: no raw control, bidirectional or CR character reaches stdout or stderr,
 * tables show the escapes, and JSON output parses
 * back to the exact stored strings. The commands come from the picocli tree: a new command without coverage here
 * fails {@link #everyCommandShowsStoredHostileTextEscapedAndJsonExact}.
 */
class NothingUntrustedReachesTheTerminalTest {

    static final String CLEAR = "\u001b[2J";
    static final String TITLE = "\u001b]0;pwned\u0007";
    static final String CSI_C1 = "\u009b31m";
    static final String RLO = "\u202e";
    /** Everything a description can hold: the whole zoo. */
    static final String HOSTILE = "desc " + CLEAR + TITLE + CSI_C1 + "red" + RLO + "gpj.exe\rfake\ttab\nline2\u2028ls"
            + "\u2066iso\u2069\u200bzw\ufeffbom\u0085nel\u007fdel";
    /** What single-line fields that refuse control characters still take: bidirectional and invisible characters. */
    static final String BIDI = "Mug " + RLO + "esrever\u202c \u2066iso\u2069 \u200bzw\ufeff\u2028ls";

    /**
     * Leaf commands that this test does not run, each with the reason it cannot print stored text of this
     * installation (or where it is covered instead).
     */
    static final Map<String, String> NOT_RUN = Map.of(
            "bazaar demo", "runs on a fresh embedded database of its own with fixed data; its output goes through the"
                    + " same guarded writers",
            "bazaar shell", "every line runs through Bazaar.run with the same guarded writers (ShellIT runs a hostile"
                    + " description through the console)",
            "bazaar serve", "prints its listen address; its health details are those of 'health' (run here), its"
                    + " logs are masked and escaped by TextLogSafety/JsonLogSafety (TerminalTextTest)",
            "bazaar worker", "needs a broker (TheWorkerCommandAppliesEventsAndWritesItsMetricsTest runs it); it prints only"
                    + " consumer names and counts, its logs are escaped like every log",
            "bazaar order submit", "needs a broker (OrdersThroughTheQueueArePlacedOnceTest runs it); its answer is"
                    + " printed through the same guarded writers as 'order place' (run here)",
            "bazaar events dlq replay", "needs a broker (ConsumersApplyEachEventOnceTest runs it); it prints only"
                    + " counts and ids",
            "bazaar events relay", "needs a broker (OutboxRelayTest runs it); it prints only counts, and the stored"
                    + " payloads it publishes go to Kafka byte for byte, never to the terminal");

    @TempDir
    Path home;
    private TestBazaar bazaar;
    private String admin;
    private final Set<String> ran = new TreeSet<>();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void everyCommandShowsStoredHostileTextEscapedAndJsonExact() throws Exception {
        bazaar = TestBazaar.initialised(home);
        admin = bazaar.adminToken();
        String today = LocalDate.now(bazaar.clock).toString();

        // --- sellers, users ---
        run(admin, "seller", "create", "--code", "ACME", "--name", BIDI, "--currency", "USD", "--reason", BIDI);
        run(admin, "seller", "create", "--code", "GLOBEX", "--name", "Globex", "--currency", "USD");
        run(admin, "seller", "suspend", "GLOBEX", "--reason", BIDI);
        run(admin, "seller", "reinstate", "GLOBEX", "--reason", "=HYPERLINK(\"http://evil\")");
        String fiona = lastLine(run(admin, "user", "create", "--name", "fiona", "--role", "finance"));
        String frank = lastLine(run(admin, "user", "create", "--name", "frank", "--role", "finance"));
        run(admin, "user", "create", "--name", "mallory", "--role", "operator");
        run(admin, "user", "revoke", "mallory", "--reason", BIDI);
        run(admin, "whoami");

        // --- catalog, stock, discounts ---
        String attributes = json.writeValueAsString(Map.of("note", BIDI, "size", "-12.50"));
        var created = run(admin, "product", "create", "--seller", "ACME", "--sku", "MUG", "--title", BIDI, "--price",
                "10.00", "--category", BIDI, "--description", HOSTILE, "--attributes", attributes,
                "--reason", "-5 for the spreadsheet", "--output", "json");
        assertJsonCarries(created, HOSTILE, BIDI);
        run(admin, "product", "activate", "--seller", "ACME", "--sku", "MUG", "--reason", "'quoted");
        run(admin, "product", "price", "set", "--seller", "ACME", "--sku", "MUG", "--price", "12.00", "--reason", BIDI);
        run(admin, "inventory", "adjust", "--seller", "ACME", "--sku", "MUG", "--delta", "100", "--reason", BIDI);
        run(admin, "inventory", "split", "--seller", "ACME", "--sku", "MUG", "--lanes", "2", "--reason", BIDI);
        run(admin, "product", "create", "--seller", "ACME", "--sku", "OLD", "--title", "Old", "--price", "1.00",
                "--description", HOSTILE);
        run(admin, "product", "activate", "--seller", "ACME", "--sku", "OLD");
        run(admin, "product", "suspend", "--seller", "ACME", "--sku", "OLD", "--reason", BIDI);
        run(admin, "product", "retire", "--seller", "ACME", "--sku", "OLD", "--reason", BIDI);
        run(admin, "discount", "create", "--seller", "ACME", "--category", BIDI, "--percent", "10", "--reason", BIDI);

        // --- orders, payments, refunds ---
        var placed = run(admin, "order", "place", "--idempotency-key", "o-1", "--buyer", "alice@example.com",
                "--seller", "ACME", "--line", "MUG:2", "--output", "json");
        long order = json.readTree(placed.out()).get("order").asLong();
        long payment = paymentOf(placed);
        run(admin, "payment", "authorize", Long.toString(payment));
        run(admin, "payment", "capture", Long.toString(payment));
        run(admin, "refund", "create", "--payment", Long.toString(payment), "--amount", "1.00", "--reason", BIDI,
                "--idempotency-key", "r-1");
        run(admin, "order", "ship", Long.toString(order));
        run(admin, "order", "deliver", Long.toString(order));
        var second = run(admin, "order", "place", "--idempotency-key", "o-2", "--buyer", "bob@example.com",
                "--seller", "ACME", "--line", "MUG:1", "--output", "json");
        run(admin, "order", "cancel", Long.toString(json.readTree(second.out()).get("order").asLong()),
                "--reason", BIDI);
        var third = run(admin, "order", "place", "--idempotency-key", "o-3", "--buyer", "carol@example.com",
                "--seller", "ACME", "--line", "MUG:1", "--output", "json");
        long voided = paymentOf(third);
        run(admin, "payment", "authorize", Long.toString(voided));
        run(admin, "payment", "void", Long.toString(voided));
        run(admin, "payment", "resolve");
        run(admin, "refund", "settle-pending");
        run(admin, "inventory", "release-expired");

        // --- jobs: a file literally named with ESC, OSC and U+202E; rows with hostile values ---
        Path catalog = write("catalog" + CLEAR + TITLE + RLO + ".csv", "sku,title,price,quantity,category,description\n"
                + "TEA,Tea " + BIDI + ",4.50,10,Kitchen,\"" + HOSTILE.replace("\"", "\"\"") + "\"\n"
                + "BAD" + CLEAR + ",Bad,1.00,1,Kitchen,\n"
                + "FORMULA,Formula,=1+1,1,Kitchen,\n");
        Path errors = home.resolve("errors" + CLEAR + RLO + ".csv");
        var imported = runAllowing(Set.of(0, 4), admin, "job", "run", "catalog-import", "--seller", "ACME", "--file",
                catalog.toString(), "--mode", "apply", "--on-error", "skip-rows", "--error-report", errors.toString(),
                "--output", "json");
        assertJsonCarries(imported, catalog.toAbsolutePath().toString());
        long catalogJob = json.readTree(imported.out()).get("execution").asLong();
        assertThat(Files.readString(errors)).as("formulas in the error report are neutralised").contains(",'=1+1,")
                .doesNotContain(",=1+1,");
        Path stock = write("stock" + TITLE + ".csv", "sku,on_hand\nMUG,150\nNOPE" + CSI_C1 + ",1\n");
        runAllowing(Set.of(0, 4), admin, "job", "run", "inventory-sync", "--seller", "ACME", "--file",
                stock.toString(), "--mode", "apply");
        Path refunds = write("refunds" + RLO + ".csv", "payment_ref,amount,currency,reason,idempotency_key\n"
                + payment + ",0.50,USD," + BIDI + ",rf-1\n"
                + payment + ",0.50,USD,\"bad " + CLEAR + "\",rf-2\n");
        runAllowing(Set.of(0, 4), admin, "job", "run", "refunds", "--file", refunds.toString(), "--mode", "apply");
        runAllowing(Set.of(4), admin, "job", "stop", Long.toString(catalogJob));
        runAllowing(Set.of(4), admin, "job", "restart", Long.toString(catalogJob));

        // --- reconciliation: references and payout ids from the provider's file ---
        Path settlement = write("settle" + CLEAR + ".csv",
                "provider_reference,merchant_reference,type,gross,fee,net,currency,booking_date,payout_id\n"
                        + "tx_ok," + payment + ",PAYMENT,24.00,0.50,23.50,USD," + today + ",po" + RLO + "\n"
                        + "tx" + CLEAR + TITLE + RLO + ",999001,PAYMENT,12.00,0.35,11.65,USD," + today + ",po" + RLO
                        + "\n"
                        + "broken" + CSI_C1 + ",x,NOPE,1,1,1,USD," + today + ",po\n");
        var recon = runAllowing(Set.of(0, 4), admin, "recon", "run", "--provider", "generic", "--file",
                settlement.toString());
        Matcher runId = Pattern.compile("Reconciliation run (\\d+)").matcher(recon.out());
        assertThat(runId.find()).as(recon.toString()).isTrue();
        long reconRun = Long.parseLong(runId.group(1));
        long item = bazaar.jdbc.sql("SELECT min(id) FROM recon_items WHERE run_id = :r AND category = 'MISSING_IN_LEDGER'")
                .param("r", reconRun).query(Long.class).single();
        String difference = bazaar.jdbc.sql("SELECT difference FROM recon_items WHERE id = :i").param("i", item)
                .query(String.class).single();
        assertThat(difference).as("the provider's reference is stored as sent").contains(CLEAR);
        run(fiona, "recon", "resolve", Long.toString(item), "--resolution", "accepted", "--reason", BIDI);
        runAllowing(Set.of(4, 6), frank, "recon", "approve", Long.toString(item));

        // --- every command that shows stored text, in every output ---
        String mugAudit = bazaar.jdbc.sql("SELECT after_json FROM audit_log WHERE action = 'product.create' ORDER BY seq"
                + " LIMIT 1").query(String.class).single();
        everyOutput(List.of(BIDI), List.of(BIDI), admin, "seller", "show", "ACME");
        everyOutput(List.of(BIDI), List.of(BIDI), admin, "seller", "list");
        everyOutput(List.of(HOSTILE, BIDI), List.of(HOSTILE, BIDI), admin, "product", "show", "--seller", "ACME",
                "--sku", "MUG");
        everyOutput(List.of(HOSTILE), List.of(HOSTILE), admin, "product", "show", "--seller", "ACME", "--sku", "TEA");
        everyOutput(List.of(HOSTILE, BIDI), List.of(BIDI), admin, "product", "list", "--seller", "ACME");
        everyOutput(List.of(), List.of(), admin, "inventory", "show", "--seller", "ACME", "--sku", "MUG");
        everyOutput(List.of(BIDI), List.of(BIDI), admin, "discount", "list", "--seller", "ACME");
        everyOutput(List.of(BIDI), List.of(BIDI), admin, "price", "quote", "--seller", "ACME", "--line", "MUG:1");
        everyOutput(List.of(), List.of(), admin, "order", "show", Long.toString(order));
        everyOutput(List.of(), List.of(), admin, "order", "list", "--seller", "ACME");
        everyOutput(List.of(), List.of(), admin, "payment", "show", Long.toString(payment));
        everyOutput(List.of(BIDI), List.of(BIDI), admin, "refund", "list", "--payment", Long.toString(payment));
        everyOutput(List.of(), List.of(), admin, "user", "list");
        everyOutput(List.of(), List.of(), admin, "job", "list");
        String catalogName = catalog.toAbsolutePath().toString();
        everyOutput(List.of(catalogName), List.of(catalogName), admin, "job", "status", Long.toString(catalogJob));
        everyOutput(List.of(difference), List.of(difference), admin, "recon", "report", Long.toString(reconRun));
        String unreadable = "broken" + CSI_C1 + ",x,NOPE,1,1,1,USD," + today + ",po";
        everyOutput(List.of(unreadable), List.of(unreadable), admin, "recon", "problems", Long.toString(reconRun));
        String settlementName = settlement.getFileName().toString();
        everyOutput(List.of(settlementName), List.of(settlementName), admin, "recon", "list");
        // before and after are JSON objects in JSON output: the stored values inside them come back exactly
        everyOutput(List.of(BIDI, HOSTILE), List.of(BIDI), admin, "audit", "log", "--limit", "1000");
        JsonNode log = json.readTree(run(admin, "audit", "log", "--limit", "1000", "--output", "json").out());
        assertThat((log.isArray() ? log : log.get("items")).valueStream().map(r -> r.get("after")).toList()).as("the product's stored after-image, as data")
                .contains(json.readTree(mugAudit));
        everyOutput(List.of(), List.of(), admin, "ledger", "balance");
        everyOutput(List.of(), List.of(), admin, "ledger", "check");
        everyOutput(List.of(), List.of(), admin, "health");
        everyOutput(List.of(), List.of(), admin, "audit", "anchor");
        everyOutput(List.of(), List.of(), admin, "audit", "verify");
        everyOutput(List.of(), List.of(), admin, "db", "status");
        everyOutput(List.of(), List.of(), admin, "db", "migrate");
        runAllowing(Set.of(4), admin, "db", "stop");
        for (String verb : List.of("create", "start", "stop", "status", "drop")) {
            runAllowing(Set.of(4), admin, "db", "replica", verb); // the tests use db.url: no local replica
        }
        everyOutput(List.of(), List.of(), admin, "kafka", "status"); // the home's local broker: stopped, started by none
        everyOutput(List.of(), List.of(), admin, "events", "status");
        everyOutput(List.of(), List.of(), admin, "events", "dlq", "list");
        everyOutput(List.of(), List.of(), admin, "report", "sales", "--seller", "ACME", "--from", "2026-01-01", "--to",
                "2026-12-31");
        runAllowing(Set.of(5), admin, "events", "dlq", "discard", "999", "--reason", "probe " + RLO);
        run(admin, "kafka", "stop");
        // a cluster address that carries terminal control is refused, escaped; a cluster refuses a local broker
        runAllowing(Set.of(2), admin, "--kafka", "k" + CLEAR + RLO + ":9092", "kafka", "start");
        runAllowing(Set.of(4), admin, "--kafka", "kafka.example:9092", "kafka", "start");
        runAllowing(Set.of(6), admin, "init");

        // --- the audit export keeps verifying with neutralised cells (reasons start with = - ') ---
        String auditor = lastLine(run(admin, "user", "create", "--name", "alice", "--role", "auditor"));
        for (String format : List.of("csv", "jsonl")) {
            Path out = home.resolve("audit" + CLEAR + RLO + "." + format);
            // the command line records on the system clock, the fixtures on the test clock
            String last = LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString();
            run(auditor, "job", "run", "audit-export", "--from", today, "--to", last, "--format", format, "--out",
                    out.toString());
            var verified = run(null, "audit", "verify", "--file", out.toString());
            assertThat(verified.out()).as(verified.toString()).contains("Export intact");
            if (format.equals("csv")) {
                assertThat(Files.readString(out)).contains(",\"'=HYPERLINK(").doesNotContain(",\"=HYPERLINK(")
                        .contains(",'-5 for the spreadsheet,").contains(",''quoted,");
            }
        }

        // --- configuration values, and error sentences that quote what was typed or stored ---
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("BAZAAR_HOME", home.resolve("cfg").toString());
        env.put("BAZAAR_PG_BINARIES", home.resolve("bin" + CLEAR + TITLE + RLO).toString());
        for (String format : List.of("table", "csv", "json")) {
            record(TestBazaar.run(env, "config", "show", "--output", format), format, "config", "show");
        }
        runAllowing(Set.of(4, 5), admin, "product", "show", "--seller", "ACME", "--sku", "X" + CLEAR + RLO);
        runAllowing(Set.of(4), admin, "order", "place", "--idempotency-key", "k" + TITLE, "--buyer", "b" + CSI_C1,
                "--seller", "ACME", "--line", "MUG:1");
        runAllowing(Set.of(4, 5), admin, "seller", "show", "A" + CSI_C1 + "\r\n");
        runAllowing(Set.of(2), admin, "seller", "list", "--" + CLEAR + RLO);
        runAllowing(Set.of(2), admin, "seller", CLEAR + TITLE);
        runAllowing(Set.of(2), admin, "product", "list", "--seller", "ACME", "--status", "X" + RLO + CLEAR);
        // completion scripts and help are the command tree's own text; a hostile word given to help is escaped
        run(admin, "completion", "bash");
        run(admin, "completion", "fish");
        run(admin, "help", "order", "place");
        runAllowing(Set.of(2), admin, "help", "order", "x" + CSI_C1 + CLEAR);

        Set<String> leaves = leafCommands();
        Set<String> missing = new TreeSet<>(leaves);
        missing.removeAll(ran);
        missing.removeAll(NOT_RUN.keySet());
        assertThat(missing).as("leaf commands of the picocli tree neither run here nor explained in NOT_RUN").isEmpty();
        assertThat(leaves).as("NOT_RUN names only existing commands").containsAll(NOT_RUN.keySet());
        assertThat(ran).as("NOT_RUN lists only commands that are not run").doesNotContainAnyElementsOf(NOT_RUN.keySet());
    }

    // ---- running and checking ----

    private TestBazaar.Run run(String token, String... args) {
        return runAllowing(Set.of(0), token, args);
    }

    private TestBazaar.Run runAllowing(Set<Integer> exitCodes, String token, String... args) {
        var run = bazaar.cli(token, args);
        String format = formatOf(args);
        record(run, format, args);
        assertThat(exitCodes).as("exit code of bazaar %s:%n%s", String.join(" ", visible(args)), run)
                .contains(run.exitCode());
        return run;
    }

    /**
     * Runs a showing command in table, CSV and JSON output: JSON must carry each of {@code exact} exactly, the table
     * must show each of {@code shown} escaped (where the table has the column).
     */
    private void everyOutput(List<String> exact, List<String> shown, String token, String... args) {
        for (String format : List.of("table", "csv", "json")) {
            String[] withFormat = java.util.Arrays.copyOf(args, args.length + 2);
            withFormat[args.length] = "--output";
            withFormat[args.length + 1] = format;
            var run = run(token, withFormat);
            if (format.equals("json")) {
                assertJsonCarries(run, exact.toArray(String[]::new));
            } else if (format.equals("table")) {
                for (String s : shown) {
                    assertThat(run.out()).as("the stored text shows, escaped: bazaar %s", String.join(" ", args))
                            .contains(TerminalText.line(s.length() > 40 ? s.substring(0, 40) : s));
                }
            }
        }
    }

    private void record(TestBazaar.Run run, String format, String... args) {
        ran.add(commandOf(args));
        assertTerminalSafe(run.out(), format, "stdout", args, run);
        assertTerminalSafe(run.err(), "table", "stderr", args, run);
    }

    /** No character a terminal would obey: newlines are ours; tabs only inside quoted CSV cells. */
    static void assertTerminalSafe(String text, String format, String stream, String[] args, Object run) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (TerminalText.unsafe(c) && c != '\n' && !(c == '\t' && format.equals("csv"))) {
                fail("bazaar %s wrote U+%04X raw to %s at %d:%n%s", String.join(" ", visible(args)), (int) c, stream,
                        i, TerminalText.text(run.toString()));
            }
        }
    }

    /** JSON output parses, and carries every expected string exactly (as a string value or within one). */
    private void assertJsonCarries(TestBazaar.Run run, String... exact) {
        JsonNode tree = json.readTree(run.out());
        List<String> strings = new ArrayList<>();
        collect(tree, strings);
        for (String s : exact) {
            assertThat(strings).as("JSON of %s carries %s exactly", run, TerminalText.line(s))
                    .anyMatch(v -> v.contains(s));
        }
    }

    private static void collect(JsonNode node, List<String> into) {
        if (node.isString()) {
            into.add(node.asString());
        }
        node.values().forEach(child -> collect(child, into));
    }

    private static String formatOf(String[] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--output")) {
                return args[i + 1];
            }
        }
        return "table";
    }

    private static String[] visible(String[] args) {
        return java.util.Arrays.stream(args).map(TerminalText::line).toArray(String[]::new);
    }

    private long paymentOf(TestBazaar.Run placed) {
        return json.readTree(placed.out()).get("payment").get("id").asLong();
    }

    private static String lastLine(TestBazaar.Run run) {
        return run.lastLine();
    }

    private Path write(String name, String content) throws Exception {
        Path f = home.resolve(name);
        Files.write(f, content.getBytes(StandardCharsets.UTF_8));
        return f;
    }

    // ---- the command tree ----

    /** The qualified name of the command these arguments run ("bazaar product show"), as picocli parses them. */
    static String commandOf(String[] args) {
        CommandLine cli = Bazaar.commandLine(context());
        try {
            CommandLine.ParseResult result = cli.parseArgs(args);
            while (result.hasSubcommand()) {
                result = result.subcommand();
            }
            return result.commandSpec().qualifiedName();
        } catch (CommandLine.ParameterException e) {
            return e.getCommandLine().getCommandSpec().qualifiedName();
        }
    }

    static Set<String> leafCommands() {
        Set<String> leaves = new TreeSet<>();
        collectLeaves(Bazaar.commandLine(context()).getCommandSpec(), leaves);
        return leaves;
    }

    private static void collectLeaves(CommandSpec spec, Set<String> into) {
        Map<String, CommandSpec> subs = new LinkedHashMap<>();
        spec.subcommands().forEach((name, sub) -> subs.put(sub.getCommandName(), sub.getCommandSpec()));
        if (subs.isEmpty()) {
            into.add(spec.qualifiedName());
        }
        subs.values().forEach(sub -> collectLeaves(sub, into));
    }

    private static CliContext context() {
        PrintWriter sink = new PrintWriter(new StringWriter());
        return new CliContext(Map.of("HOME", System.getProperty("java.io.tmpdir")), sink, sink);
    }
}
