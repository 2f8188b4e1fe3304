package com.bazaar.cli;

import com.bazaar.domain.event.DeadLetter;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.payment.PaymentId;
import com.bazaar.domain.payment.Refund;
import com.bazaar.domain.payment.application.IssueRefund;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.testsupport.TestKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationHook;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Grafana dashboard runbooks/grafana/bazaar.json shows what Bazaar really exports: every metric its queries name
 * has a value in a scrape of a real {@code bazaar serve} (after the activity each panel is about: orders placed and
 * refused, a job run, a job running, a refund in doubt, a reconciliation discrepancy, a dead letter, events relayed
 * to a Kafka broker), so a renamed or removed metric cannot leave a panel silently empty. It also proves that the
 * dashboard imports into any Grafana: every panel and query reads the Prometheus data source chosen at import (the
 * {@code ${datasource}} variable, never a fixed uid), and every panel links a runbook that exists in runbooks/.
 */
class GrafanaDashboardMatchesTheMetricsTest {

    private static final Path RUNBOOKS = Path.of("..", "runbooks");
    private static final Path DASHBOARD = RUNBOOKS.resolve("grafana").resolve("bazaar.json");
    private static final String DATASOURCE = "${datasource}";

    /** PromQL's aggregation operators and functions: identifiers followed by "(" must be one of these. */
    private static final Set<String> FUNCTIONS = Set.of(
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile", "limitk", "limit_ratio",
            "abs", "absent", "absent_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min", "day_of_month",
            "day_of_week", "day_of_year", "days_in_month", "delta", "deriv", "exp", "floor", "histogram_avg",
            "histogram_count", "histogram_fraction", "histogram_quantile", "histogram_stddev", "histogram_stdvar",
            "histogram_sum", "holt_winters", "double_exponential_smoothing", "hour", "idelta", "increase", "irate",
            "label_join", "label_replace", "ln", "log2", "log10", "minute", "month", "predict_linear", "rate",
            "resets", "round", "scalar", "sgn", "sort", "sort_desc", "sort_by_label", "sort_by_label_desc", "sqrt",
            "time", "timestamp", "vector", "year", "avg_over_time", "min_over_time", "max_over_time",
            "sum_over_time", "count_over_time", "quantile_over_time", "stddev_over_time", "stdvar_over_time",
            "last_over_time", "present_over_time", "mad_over_time", "acos", "acosh", "asin", "asinh", "atan",
            "atanh", "cos", "cosh", "sin", "sinh", "tan", "tanh", "deg", "rad", "pi", "start", "end");
    /** Binary operators, modifiers and number literals spelled as words. */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "atan2", "by", "without", "on",
            "ignoring", "group_left", "group_right", "bool", "offset", "inf", "nan");
    /** A number (with a duration unit or an exponent), or an identifier and whether a "(" follows it. */
    private static final Pattern TOKEN = Pattern.compile("(\\d[\\w.]*)|([a-zA-Z_:][\\w:]*)(\\s*\\()?");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path home;
    private Thread server;
    /** The server's application context, once it has started. */
    private final AtomicReference<ConfigurableApplicationContext> context = new AtomicReference<>();

    @AfterEach
    void stopTheServer() throws InterruptedException {
        if (server != null && server.isAlive()) {
            if (context.get() != null) {
                context.get().close(); // what SIGTERM does (Boot's shutdown hook): serve returns and closes its pool
            } else {
                server.interrupt();
            }
            server.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(server.isAlive()).as("serve stopped").isFalse();
        }
    }

    @Test
    void everyPanelReadsTheChosenDataSourceAndLinksARunbookThatExists() throws Exception {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        assertThat(dashboard.get("uid").asString()).isEqualTo("bazaar-overview");
        assertThat(dashboard.get("title").asString()).isEqualTo("Bazaar");
        assertThat(dashboard.has("__inputs")).as("imports without inputs: the data source is a variable").isFalse();
        JsonNode datasource = variable(dashboard, "datasource");
        assertThat(datasource.get("type").asString()).isEqualTo("datasource");
        assertThat(datasource.get("query").asString()).isEqualTo("prometheus");
        assertThat(variable(dashboard, "runbooks").get("query").asString()).as("the runbooks' base URL")
                .endsWith("/runbooks");

        List<String> problems = new ArrayList<>();
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode panel : panels(dashboard)) {
            String title = panel.get("title").asString();
            if (!ids.add(panel.get("id").asInt())) {
                problems.add(title + ": id " + panel.get("id") + " is used twice");
            }
            if (!readsTheChosenPrometheus(panel.get("datasource"))) {
                problems.add(title + ": panel data source " + panel.get("datasource"));
            }
            JsonNode targets = panel.get("targets");
            if (targets == null || targets.isEmpty()) {
                problems.add(title + ": no query");
            } else {
                for (JsonNode target : targets) {
                    if (!readsTheChosenPrometheus(target.get("datasource"))) {
                        problems.add(title + ": query " + target.get("refId") + " data source "
                                + target.get("datasource"));
                    }
                    if (target.path("expr").asString("").isBlank()) {
                        problems.add(title + ": query " + target.get("refId") + " has no expr");
                    }
                }
            }
            JsonNode links = panel.get("links");
            if (links == null || links.isEmpty()) {
                problems.add(title + ": no runbook link");
            } else {
                for (JsonNode link : links) {
                    runbook(link.get("url").asString()).ifPresent(problem -> problems.add(title + ": " + problem));
                }
            }
        }
        for (JsonNode link : dashboard.path("links")) {
            runbook(link.get("url").asString()).ifPresent(problem -> problems.add("dashboard link: " + problem));
        }
        assertThat(ids).as("panels").hasSizeGreaterThanOrEqualTo(10);
        assertThat(problems).isEmpty();
    }

    @Test
    void theMetricNamesAreWhatIsLeftOfAQueryWithoutItsFunctionsLabelsAndRanges() {
        assertThat(metricNames("max by (job, status) (increase(bazaar_job_executions_total{status=~\"FAIL.*\"}[15m]))"
                + " > 0")).containsExactly("bazaar_job_executions_total");
        assertThat(metricNames("60 * sum without (instance) (rate(a_total[$__rate_interval] offset 1h))"
                + " / on (job) group_left (x) b{le=\"+Inf\", job!~\"by (c)\"} or vector(0) unless absent(c_seconds)"))
                .containsExactly("a_total", "b", "c_seconds");
        assertThat(metricNames("histogram_quantile(0.99, sum by (le) (rate(d_bucket[5m]))) > bool 1e3"))
                .containsExactly("d_bucket");
        assertThatThrownBy(() -> metricNames("rte(bazaar_orders_placed_total[5m])"))
                .hasMessageContaining("rte");
    }

    @Test
    void everyMetricTheDashboardQueriesHasAValueInAScrapeOfServe() throws Exception {
        Map<String, Set<String>> queried = queriedMetrics(JSON.readTree(DASHBOARD.toFile()));
        assertThat(queried).as("metrics the dashboard queries").hasSizeGreaterThanOrEqualTo(10);

        TestBazaar bazaar = TestBazaar.initialised(home);
        String sre = bazaar.user("grafana-sre", Role.SRE, null);
        String prefix = TestKafka.unique("grafana");
        Map<String, String> kafka = Map.of("BAZAAR_KAFKA", TestKafka.bootstrapServers(),
                "BAZAAR_KAFKA_TOPIC_PREFIX", prefix);
        happenings(bazaar);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new HashMap<>(TestBazaar.databaseEnv(bazaar.db));
        env.putAll(kafka);
        env.put("HOME", home.toString());
        env.put("BAZAAR_HOME", home.resolve("bazaar-home").toString());
        env.put("BAZAAR_TOKEN", sre);
        AtomicInteger exit = new AtomicInteger(-1);
        // the payment janitor is off so that the refund stays in doubt; everything else runs every second
        SpringApplicationHook keepTheContext = application -> new SpringApplicationRunListener() {
            @Override
            public void started(ConfigurableApplicationContext started, Duration timeTaken) {
                context.set(started);
            }
        };
        server = new Thread(() -> SpringApplication.withHook(keepTheContext, () -> exit.set(new Bazaar(env,
                new PrintWriter(out, true), new PrintWriter(err, true)).run("serve", "--port", "0", "--refresh-every",
                "1s", "--expire-every", "1s", "--settle-every", "0", "--verify-audit-every", "1s", "--anchor-every",
                "1s", "--relay-every", "1s"))), "grafana-test-serve");
        server.start();
        String address = await("serve listens", () -> {
            Matcher listening = Pattern.compile("listening on http://([0-9.]+:[0-9]+)").matcher(out.toString());
            return listening.find() ? listening.group(1) : null;
        }, exit, err);

        // the server has refreshed its state after relaying the outbox, read the consumers' lag from the broker,
        // verified the audit chain, and run its scheduled work
        Map<String, List<Double>> scraped = await("serve has relayed the outbox and read the lag", () -> {
            Map<String, List<Double>> samples = samples(scrape(address));
            return valued(samples, "bazaar_consumer_lag", v -> v >= 0)
                    && valued(samples, "bazaar_events_published_total", v -> v > 0)
                    && valued(samples, "bazaar_outbox_backlog", v -> v == 0)
                    && valued(samples, "bazaar_audit_chain_valid", v -> v == 1)
                    && valued(samples, "bazaar_scheduled_runs_total", v -> v > 0) ? samples : null;
        }, exit, err);

        Map<String, Set<String>> missing = new TreeMap<>();
        queried.forEach((metric, panels) -> {
            boolean found = Set.of("", "_bucket", "_count", "_sum").stream()
                    .anyMatch(suffix -> scraped.getOrDefault(metric + suffix, List.of()).stream()
                            .anyMatch(Double::isFinite));
            if (!found) {
                missing.put(metric, panels);
            }
        });
        assertThat(missing).as("metrics the dashboard queries (and their panels) that serve does not export with"
                + " a value; the scrape has: %s", scraped.keySet()).isEmpty();
    }

    /** What the panels count, made to happen: each one's series exists once its rows do. */
    private void happenings(TestBazaar bazaar) throws Exception {
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "10.00", 5);
        bazaar.order("placed", "ACME", "MUG:1");
        var refused = bazaar.cli(bazaar.adminToken(), "order", "place", "--idempotency-key", "too-many", "--buyer",
                "b", "--seller", "ACME", "--line", "MUG:100");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.REJECTED);

        // a captured payment, part of it refunded: the simulated provider leaves a refund of .53 pending
        PaymentId paid = bazaar.order("paid", "ACME", "MUG:2").order().payment().orElseThrow().id();
        bazaar.services.authorizePayment().authorize(bazaar.admin(), paid);
        bazaar.services.capturePayment().capture(bazaar.admin(), paid);
        var refund = bazaar.services.issueRefund().issue(new IssueRefund.Command(bazaar.admin(),
                new IdempotencyKey("in-doubt"), paid, "1.53", "damaged"));
        assertThat(refund.refund().status()).isEqualTo(Refund.Status.PENDING);

        // a reconciliation run (a finished job execution) leaving a line the ledger does not know open
        Path settlement = home.resolve("settlement.csv");
        Files.writeString(settlement, "provider_reference,merchant_reference,type,gross,fee,net,currency,booking_date,"
                + "payout_id\nt1,987654,PAYMENT,12.00,0.00,12.00,USD," + LocalDate.now() + ",po1\n");
        var recon = bazaar.cli(bazaar.adminToken(), "recon", "run", "--provider", "generic", "--file",
                settlement.toString());
        assertThat(recon.exitCode()).as(recon.toString()).isZero();

        // a job execution that is running now (not stuck)
        Timestamp now = Timestamp.from(Instant.now());
        long instance = bazaar.jdbc.sql("""
                INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)
                VALUES (nextval('batch_job_instance_seq'), 0, 'catalog-import', md5(random()::text))
                RETURNING job_instance_id""").query(Long.class).single();
        bazaar.jdbc.sql("""
                INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time, start_time,
                                                 status, exit_code, last_updated)
                VALUES (nextval('batch_job_execution_seq'), 1, :instance, :now, :now, 'STARTED', 'UNKNOWN', :now)""")
                .param("instance", instance).param("now", now).update();

        // a record a consumer gave up on
        assertThat(bazaar.services.recordDeadLetter().record(new DeadLetter.Arrival("order-intake",
                "grafana.order-requests.v1", 0, 0, Optional.of("k"), "not json", Map.of(), "UNPARSEABLE",
                "JsonParseException: not json", 1, "grafana.order-requests.v1.dlt", 0, 0, Instant.now()))).isTrue();
    }

    /** Every metric name the dashboard's queries use, with the titles of the panels that use it. */
    static Map<String, Set<String>> queriedMetrics(JsonNode dashboard) {
        Map<String, Set<String>> metrics = new TreeMap<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                for (String metric : metricNames(target.path("expr").asString(""))) {
                    metrics.computeIfAbsent(metric, m -> new TreeSet<>()).add(panel.get("title").asString());
                }
            }
        }
        return metrics;
    }

    /**
     * The metric names of a PromQL expression: its identifiers without strings, label matchers, ranges, Grafana
     * variables, label lists (by, without, on, ignoring, group_left, group_right), keywords and functions. An
     * identifier called like a function that PromQL does not have fails: it would be a typo.
     */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"|'(\\\\.|[^'\\\\])*'|`[^`]*`", " ")
                .replaceAll("\\$\\{[^}]*}|\\$\\w+", " ")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^\\]]*\\]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher token = TOKEN.matcher(bare);
        while (token.find()) {
            String word = token.group(2);
            if (word == null || KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
                continue;
            }
            if (token.group(3) != null) {
                if (!FUNCTIONS.contains(word)) {
                    throw new AssertionError("'" + word + "(' in '" + expr + "' is no PromQL function");
                }
            } else {
                names.add(word);
            }
        }
        return names;
    }

    /** Each sample's metric name in a Prometheus text scrape, with its values (NaN for NaN, infinite for Inf). */
    static Map<String, List<Double>> samples(String text) {
        Map<String, List<Double>> samples = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int labels = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = line.substring(0, labels >= 0 && labels < space ? labels : space);
            String rest = (labels >= 0 && labels < space ? line.substring(line.lastIndexOf('}') + 1)
                    : line.substring(space)).strip();
            String value = rest.split(" ")[0];
            double number = switch (value) {
                case "NaN" -> Double.NaN;
                case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(value);
            };
            samples.computeIfAbsent(name, n -> new ArrayList<>()).add(number);
        }
        return samples;
    }

    /** Whether the metric has samples, and every one of them passes (NaN passes no test of a number). */
    private static boolean valued(Map<String, List<Double>> samples, String metric, Predicate<Double> test) {
        List<Double> values = samples.get(metric);
        return values != null && !values.isEmpty() && values.stream().allMatch(test);
    }

    private static String scrape(String address) {
        var response = BazaarProcess.get(address, "/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** Polls until the supplier has an answer; fails after 60 s, or at once when the server has exited. */
    private <T> T await(String what, java.util.function.Supplier<T> answer, AtomicInteger exit, StringWriter err)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            T found = answer.get();
            if (found != null) {
                return found;
            }
            if (!server.isAlive()) {
                throw new AssertionError("serve exited " + exit.get() + " before " + what + ": " + err);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what + "; serve said: " + err);
            }
            Thread.sleep(200);
        }
    }

    private static boolean readsTheChosenPrometheus(JsonNode datasource) {
        return datasource != null && "prometheus".equals(datasource.path("type").asString(""))
                && DATASOURCE.equals(datasource.path("uid").asString(""));
    }

    /** A problem with a link to a runbook, if it has one: it must name a file in runbooks/ through ${runbooks}. */
    private static Optional<String> runbook(String url) {
        if (!url.startsWith("${runbooks}")) {
            return Optional.of(url + " does not start with ${runbooks}");
        }
        Path file = RUNBOOKS.resolve(url.substring("${runbooks}".length()).replaceFirst("^/", "")).normalize();
        if (!file.startsWith(RUNBOOKS.normalize()) || !Files.exists(file)) {
            return Optional.of(url + ": no such runbook " + file);
        }
        return Optional.empty();
    }

    private static JsonNode variable(JsonNode dashboard, String name) {
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (name.equals(variable.path("name").asString(""))) {
                return variable;
            }
        }
        throw new AssertionError("the dashboard has no variable " + name);
    }

    /** The panels, those inside collapsed rows included; rows themselves are not panels that show anything. */
    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asString(""))) {
                panel.path("panels").forEach(panels::add);
            } else {
                panels.add(panel);
            }
        }
        return panels;
    }
}
