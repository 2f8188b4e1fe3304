package com.bazaar.cli;

import com.bazaar.domain.event.DeadLetter;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, item 1: JSON output is data with a documented shape. On a fresh database with realistic data (sellers,
 * a catalog with attributes, orders paid, refunded, shipped and cancelled, every kind of job, a reconciliation run),
 * every command that prints data runs with {@code --output json} and its output is validated against its JSON Schema
 * in {@code docs/cli-json/} by a real validator (networknt, draft 2020-12, formats asserted). The schemas forbid
 * undocumented keys ({@code additionalProperties: false}), so a new key without its line in the schema fails here;
 * every leaf command of the picocli tree has a schema that was validated here, or is named in {@link #NO_JSON} or
 * {@link #NOT_VALIDATED} with the reason; every schema names a real command. A list's schema describes one item (a
 * list prints an array, or an object whose {@code items} is the array). With {@code -Dbazaar.json.dump=DIR} (surefire's
 * argLine) it writes each output to DIR instead of validating: the raw material for a new command's schema.
 */
class JsonOutputMatchesItsSchemaTest {

    static final Path SCHEMAS = Path.of("..", "docs", "cli-json");

    /** Leaf commands that print no JSON document, with why. */
    static final Map<String, String> NO_JSON = Map.ofEntries(
            Map.entry("bazaar completion", "prints a shell script"),
            Map.entry("bazaar help", "prints help text"),
            Map.entry("bazaar demo", "a guided walk-through for people: commands and their output"),
            Map.entry("bazaar shell", "an interactive loop; each line is a command with its own output"),
            Map.entry("bazaar serve", "a long-running server: its health is 'bazaar health', its metrics Prometheus'"),
            Map.entry("bazaar worker", "a long-running consumer: it logs, its metrics are Prometheus'"),
            Map.entry("bazaar job stop", "prints a sentence only (suppressed in JSON); the job's state is 'job status'"),
            Map.entry("bazaar db stop", "prints a sentence only (suppressed in JSON)"),
            Map.entry("bazaar order submit", "without --await a sentence only; with --await the order-intake"
                    + " consumer's answer as it sent it (docs/events.md, bazaar.order-results.v1)"));

    /** Leaf commands with a schema that this test cannot run, with why (and where they are run instead). */
    static final Map<String, String> NOT_VALIDATED = Map.ofEntries(
            Map.entry("bazaar events relay", "needs a broker (OutboxRelayTest)"),
            Map.entry("bazaar job restart", "prints the card of 'job status' (the same schema) once a failed or"
                    + " stopped job restarts (CatalogImportRestartIT, RefundsRestartIT); here a completed job is refused"
                    + " without output"),
            Map.entry("bazaar events dlq replay", "needs a broker (ConsumersApplyEachEventOnceTest); its items are"
                    + " those of 'events dlq list'"),
            Map.entry("bazaar kafka start", "starts a real broker (KafkaBrokerIT)"),
            Map.entry("bazaar db replica create", "needs a local embedded database (ReadReplicaIT); the tests use an"
                    + " external one"),
            Map.entry("bazaar db replica start", "as 'db replica create'"),
            Map.entry("bazaar db replica stop", "as 'db replica create'"),
            Map.entry("bazaar db replica drop", "as 'db replica create'"),
            Map.entry("bazaar db replica status", "as 'db replica create'"));

    @TempDir
    Path home;
    private TestBazaar bazaar;
    private String admin;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Schema> schemas = new TreeMap<>();
    private final Set<String> validated = new TreeSet<>();
    private final List<String> failures = new ArrayList<>();
    /** Where the schemas are said to live: the validator reads them (and their references) from SCHEMAS. */
    static final String BASE = "https://bazaar.example/cli-json/";
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
                    .schemas(iri -> iri.startsWith(BASE) ? read(SCHEMAS.resolve(iri.substring(BASE.length()))) : null));

    @Test
    void everyCommandsJsonMatchesItsSchema() throws Exception {
        bazaar = TestBazaar.initialised(home);
        admin = bazaar.adminToken();
        String today = LocalDate.now(bazaar.clock).toString();

        record("seller", "create", "--code", "ACME", "--name", "Acme Ltd", "--currency", "USD", "--reason", "onboarding");
        record("seller", "create", "--code", "GLOBEX", "--name", "Globex", "--currency", "USD");
        record("seller", "suspend", "GLOBEX", "--reason", "KYC documents expired");
        record("seller", "reinstate", "GLOBEX", "--reason", "documents received");
        String fiona = json.readTree(record("user", "create", "--name", "fiona", "--role", "finance"))
                .get("token").asString();
        String frank = json.readTree(record("user", "create", "--name", "frank", "--role", "finance"))
                .get("token").asString();
        record("user", "create", "--name", "mallory", "--role", "operator");
        record("user", "revoke", "mallory", "--reason", "left the company");
        record("whoami");

        record("product", "create", "--seller", "ACME", "--sku", "MUG-01", "--title", "Blue mug", "--price", "12.99",
                "--category", "Kitchen", "--description", "A mug", "--attributes", "{\"color\":\"blue\",\"oz\":\"12\"}");
        record("product", "activate", "--seller", "ACME", "--sku", "MUG-01");
        record("product", "price", "set", "--seller", "ACME", "--sku", "MUG-01", "--price", "14.00", "--reason", "cost");
        record("inventory", "adjust", "--seller", "ACME", "--sku", "MUG-01", "--delta", "100", "--reason", "delivery");
        record("inventory", "split", "--seller", "ACME", "--sku", "MUG-01", "--lanes", "4", "--reason", "flash sale");
        bazaar.cli(admin, "product", "create", "--seller", "ACME", "--sku", "OLD", "--title", "Old", "--price", "1.00");
        bazaar.cli(admin, "product", "activate", "--seller", "ACME", "--sku", "OLD");
        record("product", "suspend", "--seller", "ACME", "--sku", "OLD", "--reason", "recall");
        record("product", "retire", "--seller", "ACME", "--sku", "OLD", "--reason", "recall");
        record("discount", "create", "--seller", "ACME", "--category", "Kitchen", "--percent", "10", "--reason", "sale");

        JsonNode placed = json.readTree(record("order", "place", "--idempotency-key", "o-1", "--buyer",
                "alice@example.com", "--seller", "ACME", "--line", "MUG-01:2"));
        long order = placed.get("order").asLong();
        long payment = placed.get("payment").get("id").asLong();
        assertThat(placed.get("lines").get(0).get("quantity").asLong()).isEqualTo(2);
        record("payment", "authorize", Long.toString(payment));
        record("payment", "capture", Long.toString(payment));
        record("refund", "create", "--payment", Long.toString(payment), "--amount", "1.00", "--reason", "chipped",
                "--idempotency-key", "r-1");
        record("order", "ship", Long.toString(order));
        record("order", "deliver", Long.toString(order));
        long second = json.readTree(bazaar.cli(admin, "order", "place", "--idempotency-key", "o-2", "--buyer",
                "bob@example.com", "--seller", "ACME", "--line", "MUG-01:1", "--output", "json").out()).get("order").asLong();
        record("order", "cancel", Long.toString(second), "--reason", "buyer asked");
        long third = json.readTree(bazaar.cli(admin, "order", "place", "--idempotency-key", "o-3", "--buyer",
                "carol@example.com", "--seller", "ACME", "--line", "MUG-01:1", "--output", "json").out())
                .get("payment").get("id").asLong();
        record("payment", "authorize", Long.toString(third));
        record("payment", "void", Long.toString(third));
        record("payment", "resolve");
        record("refund", "settle-pending");
        record("inventory", "release-expired");

        Path catalog = write("catalog.csv", "sku,title,price,quantity,category,description\n"
                + "TEA-01,Green tea,4.50,10,Kitchen,Loose leaf\nBAD,Bad,x,1,Kitchen,\n");
        long catalogJob = json.readTree(record(Set.of(0), "job", "run", "catalog-import", "--seller", "ACME", "--file",
                catalog.toString(), "--mode", "apply", "--on-error", "skip-rows")).get("execution").asLong();
        record("job", "run", "catalog-import", "--seller", "ACME", "--file", write("plan.csv",
                "sku,title,price,quantity,category,description\nTEA-02,Black tea,5.50,10,Kitchen,\n").toString());
        record(Set.of(0), "job", "run", "inventory-sync", "--seller", "ACME", "--file",
                write("stock.csv", "sku,on_hand\nMUG-01,150\nNOPE,1\n").toString(), "--mode", "apply");
        record(Set.of(0), "job", "run", "refunds", "--file", write("refunds.csv",
                "payment_ref,amount,currency,reason,idempotency_key\n" + payment + ",0.50,USD,late,rf-1\n").toString(),
                "--mode", "apply");
        String last = LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString();
        String auditor = json.readTree(bazaar.cli(admin, "user", "create", "--name", "alice", "--role", "auditor",
                "--output", "json").out()).get("token").asString();
        validate(bazaar.cli(auditor, "job", "run", "audit-export", "--from", today, "--to", last, "--out",
                home.resolve("audit.jsonl").toString(), "--output", "json"), Set.of(0), "job", "run", "audit-export");
        list("job", "list");
        JsonNode status = json.readTree(record("job", "status", Long.toString(catalogJob)));
        assertThat(status.get("applied").isBoolean()).as("applied is a boolean").isTrue();
        assertThat(status.get("steps")).as("the steps, in JSON too").isNotEmpty();
        record(Set.of(4), "job", "restart", Long.toString(catalogJob)); // completed: nothing to restart, no JSON

        Path settlement = write("settle.csv",
                "provider_reference,merchant_reference,type,gross,fee,net,currency,booking_date,payout_id\n"
                        + "tx_ok," + payment + ",PAYMENT,28.00,0.50,27.50,USD," + today + ",po-1\n"
                        + "tx_unknown,999001,PAYMENT,12000.00,0.35,11999.65,USD," + today + ",po-1\n"
                        + "broken,x,NOPE,1,1,1,USD," + today + ",po-1\n");
        var recon = bazaar.cli(admin, "recon", "run", "--provider", "generic", "--file", settlement.toString(),
                "--output", "json");
        validate(recon, Set.of(0, 4), "recon", "run");
        Matcher runId = Pattern.compile("\"run\"\\s*:\\s*(\\d+)").matcher(recon.out());
        assertThat(runId.find()).as(recon.toString()).isTrue();
        long run = Long.parseLong(runId.group(1));
        long item = bazaar.jdbc.sql("SELECT min(id) FROM recon_items WHERE run_id = :r AND category = 'MISSING_IN_LEDGER'")
                .param("r", run).query(Long.class).single();
        validate(bazaar.cli(fiona, "recon", "resolve", Long.toString(item), "--resolution", "written-off", "--reason",
                "provider error", "--output", "json"), Set.of(0), "recon", "resolve");
        validate(bazaar.cli(frank, "recon", "approve", Long.toString(item), "--output", "json"), Set.of(0), "recon",
                "approve");
        record("recon", "report", Long.toString(run));
        record("recon", "problems", Long.toString(run));
        list("recon", "list");

        record("seller", "show", "ACME");
        list("seller", "list");
        JsonNode product = json.readTree(record("product", "show", "--seller", "ACME", "--sku", "MUG-01"));
        assertThat(product.get("attributes").get("color").asString()).as("attributes are an object").isEqualTo("blue");
        list("product", "list", "--seller", "ACME");
        record("inventory", "show", "--seller", "ACME", "--sku", "MUG-01");
        list("discount", "list", "--seller", "ACME");
        record("price", "quote", "--seller", "ACME", "--line", "MUG-01:1");
        record("order", "show", Long.toString(order));
        list("order", "list", "--seller", "ACME");
        record("payment", "show", Long.toString(payment));
        list("refund", "list", "--payment", Long.toString(payment));
        list("user", "list");
        JsonNode audit = items(json.readTree(list("audit", "log", "--limit", "1000")));
        assertThat(audit.valueStream().map(r -> r.get("after")).filter(a -> a != null && a.isObject()))
                .as("before and after are objects").isNotEmpty();
        list("ledger", "balance");
        record("ledger", "check");
        record("health");
        record("audit", "anchor");
        record("audit", "verify");
        validate(bazaar.cli(null, "audit", "verify", "--file", home.resolve("audit.jsonl").toString(), "--output",
                "json"), Set.of(0), "audit", "verify");
        record("db", "status");
        record("db", "migrate");
        record("kafka", "status");
        record("kafka", "stop");
        record("events", "status");
        long letter = 0;
        for (long offset : new long[] {7, 8}) {
            String topic = "bazaar.order-requests.v1";
            assertThat(bazaar.services.recordDeadLetter().record(new DeadLetter.Arrival("order-intake", topic, 0,
                    offset, Optional.of("o-" + offset), "{not json", Map.of(), "UNPARSEABLE", "JsonParseException: not"
                    + " json", 1, topic + ".dlt", 0, offset, Instant.parse("2026-11-25T08:00:00Z")))).isTrue();
            letter = bazaar.jdbc.sql("SELECT id FROM dead_letters WHERE dlt_offset = :o").param("o", offset)
                    .query(Long.class).single();
        }
        record("events", "dlq", "discard", Long.toString(letter), "--reason", "a test message");
        list("events", "dlq", "list");
        // the sales read model as its consumer writes it (the consumer needs a broker)
        bazaar.jdbc.sql("INSERT INTO seller_sales_daily (seller, day, currency, orders, units, revenue_minor)"
                + " VALUES ('ACME', DATE '2026-11-25', 'USD', 2, 3, 4020)").update();
        list("report", "sales", "--seller", "ACME", "--from", "2026-01-01", "--to", "2026-12-31");
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("BAZAAR_HOME", home.resolve("cfg").toString());
        validate(TestBazaar.run(env, "config", "show", "--output", "json"), Set.of(0), true, "config", "show");
        validate(TestBazaar.run(Map.of("HOME", home.toString(), "BAZAAR_HOME", home.resolve("fresh").toString()),
                "init", "--output", "json"), Set.of(0), "init");

        // YAML carries the same data
        var yaml = bazaar.cli(admin, "order", "show", Long.toString(order), "--output", "yaml");
        assertThat(yaml.exitCode()).as(yaml.toString()).isZero();
        assertThat(new YAMLMapper().readTree(yaml.out()))
                .isEqualTo(json.readTree(bazaar.cli(admin, "order", "show", Long.toString(order), "-o", "json").out()));

        assertThat(failures).as("JSON outputs that do not match their schema").isEmpty();
        Set<String> leaves = NothingUntrustedReachesTheTerminalTest.leafCommands();
        Set<String> uncovered = new TreeSet<>(leaves);
        uncovered.removeAll(validated);
        uncovered.removeAll(NO_JSON.keySet());
        uncovered.removeAll(NOT_VALIDATED.keySet());
        assertThat(uncovered).as("leaf commands neither validated against a schema here nor listed with a reason")
                .isEmpty();
        for (String command : NOT_VALIDATED.keySet()) {
            assertThat(schemaFile(command)).as("the schema of %s", command).exists();
        }
        Set<String> named = new TreeSet<>();
        leaves.forEach(l -> named.add(schemaName(l)));
        try (Stream<Path> files = Files.list(SCHEMAS)) {
            files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".schema.json"))
                    .filter(f -> !f.equals("defs.schema.json"))
                    .forEach(f -> assertThat(named).as("%s names a leaf command", f)
                            .contains(f.substring(0, f.length() - ".schema.json".length())));
        }
        assertThat(Set.copyOf(validated)).as("validated commands are not also listed as not validated")
                .doesNotContainAnyElementsOf(NOT_VALIDATED.keySet()).doesNotContainAnyElementsOf(NO_JSON.keySet());
        assertThat(leaves).containsAll(NO_JSON.keySet()).containsAll(NOT_VALIDATED.keySet());
    }

    @Test
    void aKeyTheSchemaDoesNotNameFailsValidation() throws Exception {
        Schema seller = schema("bazaar seller show");
        JsonNode good = json.readTree("{\"code\":\"ACME\",\"name\":\"Acme\",\"currency\":\"USD\",\"status\":\"ACTIVE\","
                + "\"suspension_reason\":null,\"created_at\":\"2026-11-25T09:00:00Z\"}");
        assertThat(seller.validate(good)).isEmpty();
        JsonNode extra = json.readTree(good.toString().replace("{", "{\"secret\":1,"));
        assertThat(seller.validate(extra)).as("an undocumented key").isNotEmpty();
        JsonNode zoneless = json.readTree(good.toString().replace("09:00:00Z", "09:00:00"));
        assertThat(seller.validate(zoneless)).as("a time without its zone").isNotEmpty();
    }

    // ---- running and validating ----

    private String record(String... args) {
        return record(Set.of(0), args);
    }

    /** Runs a command with --output json and validates its document (when it printed one) against its schema. */
    private String record(Set<Integer> exitCodes, String... args) {
        var run = bazaar.cli(admin, withJson(args));
        validate(run, exitCodes, false, args);
        return run.out();
    }

    private String list(String... args) {
        var run = bazaar.cli(admin, withJson(args));
        validate(run, Set.of(0), true, args);
        assertThat(items(json.readTree(run.out()))).as("a list to validate: bazaar %s", String.join(" ", args))
                .isNotEmpty();
        return run.out();
    }

    private void validate(TestBazaar.Run run, Set<Integer> exitCodes, String... args) {
        validate(run, exitCodes, false, args);
    }

    /** Validates a record, or each item of a list, against the command's schema. */
    private void validate(TestBazaar.Run run, Set<Integer> exitCodes, boolean isList, String... args) {
        assertThat(exitCodes).as("exit code of bazaar %s:%n%s", String.join(" ", args), run).contains(run.exitCode());
        String command = NothingUntrustedReachesTheTerminalTest.commandOf(args);
        if (run.out().isBlank()) {
            return; // a refusal: the error is on stderr
        }
        if (System.getProperty("bazaar.json.dump") != null) {
            try {
                Files.writeString(Path.of(System.getProperty("bazaar.json.dump")).resolve(schemaName(command)
                        + (isList ? ".list" : "") + ".json"), run.out(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            validated.add(command);
            return;
        }
        Schema schema = schema(command);
        JsonNode document = json.readTree(run.out());
        if (isList && document.isObject()) { // a paged list: {items, next, total}
            List<Error> errors = registry.getSchema(SchemaLocation.of(BASE + "defs.schema.json#/$defs/page"))
                    .validate(document);
            if (!errors.isEmpty()) {
                failures.add(command + " (the page): " + errors);
            }
        }
        Iterable<JsonNode> nodes = isList ? items(document) : List.of(document);
        for (JsonNode node : nodes) {
            List<Error> errors = schema.validate(node);
            if (!errors.isEmpty()) {
                failures.add(command + ": " + errors + "\n" + node.toPrettyString());
            }
        }
        validated.add(command);
    }

    /** The items of a list: the array, or the {@code items} of a page. */
    static JsonNode items(JsonNode node) {
        return node.isArray() ? node : node.get("items");
    }

    private Schema schema(String command) {
        return schemas.computeIfAbsent(command, c -> {
            Path file = schemaFile(c);
            assertThat(file).as("the schema of %s", c).exists();
            return registry.getSchema(SchemaLocation.of(BASE + file.getFileName()));
        });
    }

    static Path schemaFile(String command) {
        return SCHEMAS.resolve(schemaName(command) + ".schema.json");
    }

    /** "bazaar events dlq list" is events-dlq-list. */
    static String schemaName(String command) {
        return command.replaceFirst("^bazaar ", "").replace(' ', '-');
    }

    private static String[] withJson(String[] args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--output";
        all[args.length + 1] = "json";
        return all;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path write(String name, String content) throws Exception {
        Path f = home.resolve(name);
        Files.write(f, content.getBytes(StandardCharsets.UTF_8));
        return f;
    }
}
