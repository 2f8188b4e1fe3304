package com.bazaar.cli;

import com.bazaar.domain.identity.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bazaar health} names what is wrong (a stuck job, a broken audit chain, a database that is down) and exits 1;
 * {@code --metrics-file} writes Prometheus text that parses and carries the names runbooks/alerts.yml alerts on.
 */
class HealthAndMetricsTest {

    /** A sample line of the Prometheus text format: name, optional labels, a number. */
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\")*,?})?"
                    + " [-+]?([0-9.]+(E[-+]?[0-9]+)?|NaN|Inf)");

    @TempDir
    Path home;
    private TestBazaar bazaar;
    private String sre;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        sre = bazaar.user("sre", Role.SRE, null);
    }

    @Test
    void aHealthySystemExitsZero() {
        var run = bazaar.cli(sre, "health");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("database", "migrations", "no job stuck", "records intact", "Healthy.");
    }

    @Test
    void aStuckJobMakesHealthFailAndIsNamed() {
        long execution = stuckExecution(Duration.ofHours(2));
        var run = bazaar.cli(sre, "health");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.out()).contains("execution " + execution + " catalog-import STARTED")
                .contains("UNHEALTHY: jobs failed.");
        // a threshold longer than the silence: not stuck
        assertThat(bazaar.cli(sre, "health", "--stuck-after", "180").exitCode()).isZero();
    }

    @Test
    void aBrokenAuditChainMakesHealthFail() {
        bazaar.jdbc.sql("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete").update();
        bazaar.jdbc.sql("UPDATE audit_log SET reason = 'edited' WHERE seq = 2").update();
        bazaar.jdbc.sql("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete").update();
        var run = bazaar.cli(sre, "--output", "json", "health");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.out()).contains("\"status\" : \"DOWN\"").contains("broken at record 2");
    }

    @Test
    void anUnreachableDatabaseIsReportedNotThrown() {
        var run = TestBazaar.run(Map.of("HOME", home.toString(), "BAZAAR_HOME", home.resolve("h").toString(),
                "BAZAAR_DB_URL", "jdbc:postgresql://127.0.0.1:1/nothing", "BAZAAR_TOKEN", sre), "health");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.out()).contains("database", "FAILED", "unreachable");
    }

    @Test
    void sellersCannotReadTheHealthOfTheWholeSystem() {
        String seller = bazaar.user("acme-clerk", Role.SELLER, "ACME");
        assertThat(bazaar.cli(seller, "health").exitCode()).isEqualTo(ExitCode.DENIED);
    }

    @Test
    void theMetricsFileCountsStuckJobsWithTheThresholdHealthCheckedWith() throws Exception {
        stuckExecution(Duration.ofMinutes(45));
        Path file = home.resolve("textfile/stuck.prom");
        assertThat(bazaar.cli(sre, "--metrics-file", file.toString(), "health", "--stuck-after", "60").exitCode())
                .isZero();
        assertThat(Files.readString(file)).contains("bazaar_jobs_stuck 0.0", "bazaar_health_up 1.0");
        assertThat(bazaar.cli(sre, "--metrics-file", file.toString(), "health").exitCode()) // default: 30 minutes
                .isEqualTo(ExitCode.FAILURE);
        assertThat(Files.readString(file)).contains("bazaar_jobs_stuck 1.0", "bazaar_health_up 0.0");
    }

    @Test
    void aRefusedHealthCheckWritesNoHealthVerdictToTheMetricsFile() throws Exception {
        // an operator may view jobs but not verify the audit chain: three checks ran, then the fourth was refused
        String operator = bazaar.user("olga", Role.OPERATOR, null);
        Path file = home.resolve("textfile/refused.prom");
        var run = bazaar.cli(operator, "--metrics-file", file.toString(), "health");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.DENIED);
        String text = Files.readString(file);
        assertThat(text).contains("bazaar_command_runs_total{command=\"health\",outcome=\"exit_3\"} 1.0")
                .doesNotContain("bazaar_health_up", "bazaar_health_check");
    }

    @Test
    void theMetricsFileParsesAndCarriesTheAlertedNames() throws Exception {
        stuckExecution(Duration.ofHours(1));
        Path file = home.resolve("textfile/bazaar.prom");
        var run = bazaar.cli(sre, "--metrics-file", file.toString(), "health");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.FAILURE);
        String text = Files.readString(file);
        assertThat(text).contains("bazaar_health_up 0.0", "bazaar_health_check{check=\"jobs\"} 0.0",
                "bazaar_health_check{check=\"database\"} 1.0", "bazaar_audit_chain_valid 1.0", "bazaar_jobs_stuck 1.0",
                "bazaar_jobs_running{job=\"catalog-import\",status=\"STARTED\"} 1.0",
                "bazaar_command_runs_total{command=\"health\",outcome=\"exit_1\"} 1.0",
                "bazaar_reservations_expired_total 0.0");
        assertWellFormed(text);
        assertThat(Files.list(file.getParent())).as("no temporary file left behind").containsExactly(file);
    }

    @Test
    void everyJobsExecutionsAreCountedFromZeroInTheSeriesTheAlertRulesAreTestedWith() throws Exception {
        // the jobs the metrics know without building them are the jobs the facade runs
        var target = new com.bazaar.cli.wiring.DatabaseConnector.Target(bazaar.db.jdbcUrl(), bazaar.db.user(),
                bazaar.db.password(), "test");
        try (var runtime = new com.bazaar.cli.wiring.BatchRuntime(target, bazaar.clock,
                new com.bazaar.cli.wiring.SecureRandomSecrets(), com.bazaar.cli.wiring.Services.Settings.DEFAULTS,
                TestBazaar.anchoring(home), new java.io.PrintWriter(new java.io.StringWriter()), false)) {
            assertThat(runtime.jobs().jobNames()).containsExactlyElementsOf(com.bazaar.cli.wiring.BatchRuntime.JOBS);
        }
        // no job has ever run: every job's every final status is there, at 0, so a first failure is an increase
        Path file = home.resolve("fresh.prom");
        assertThat(bazaar.cli(sre, "--metrics-file", file.toString(), "health").exitCode()).isZero();
        String text = Files.readString(file);
        for (String job : com.bazaar.cli.wiring.BatchRuntime.JOBS) {
            for (String status : List.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED", "REJECTED")) {
                assertThat(text).contains("bazaar_job_executions_total{job=\"" + job + "\",status=\"" + status
                        + "\"} 0.0\n");
            }
        }
        // runbooks/alerts_test.yml feeds the rule the series the product writes (the scrape adds `instance`)
        var series = Pattern.compile("series: '(bazaar_job_executions_total)\\{([^}]*)}'")
                .matcher(Files.readString(Path.of("..", "runbooks", "alerts_test.yml")));
        int checked = 0;
        while (series.find()) {
            String labels = java.util.Arrays.stream(series.group(2).split(",\\s*"))
                    .filter(label -> !label.startsWith("instance=")).sorted()
                    .collect(java.util.stream.Collectors.joining(","));
            assertThat(text).contains(series.group(1) + "{" + labels + "} ");
            checked++;
        }
        assertThat(checked).isGreaterThan(5);
        assertWellFormed(text);
    }

    @Test
    void refusedOrdersAreCountedByReasonAcrossInvocations() throws Exception {
        bazaar.product("ACME", "M-1", "2.50", 1);
        bazaar.order("first", "ACME", "M-1:1");
        Path file = home.resolve("order.prom");
        for (String key : new String[]{"m-2", "m-3"}) {
            var run = bazaar.cli(bazaar.adminToken(), "order", "place", "--idempotency-key", key, "--buyer", "b",
                    "--seller", "ACME", "--line", "M-1:1");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.REJECTED);
        }
        assertThat(bazaar.cli(bazaar.adminToken(), "order", "place", "--idempotency-key", "m-4", "--buyer", "b",
                "--seller", "ACME", "--line", "NOPE:1").exitCode()).isEqualTo(ExitCode.REJECTED);
        // the cron's health run (not the refused commands) carries the counts: they live in the database
        assertThat(bazaar.cli(sre, "--metrics-file", file.toString(), "health").exitCode()).isZero();
        String text = Files.readString(file);
        assertThat(text).contains("bazaar_orders_refused_total{reason=\"INSUFFICIENT_STOCK\"} 2.0")
                .contains("bazaar_orders_refused_total{reason=\"UNKNOWN_SKU\"} 1.0")
                .contains("bazaar_orders{status=\"PLACED\"} 1.0").contains("bazaar_orders_placed_total 1.0")
                .contains("bazaar_health_up 1.0");
        // the outbox relay's backlog: every event of the placed order and its products waits (no relay ran)
        long events = bazaar.jdbc.sql("SELECT count(*) FROM outbox").query(Long.class).single();
        assertThat(events).isPositive();
        assertThat(text).contains("bazaar_outbox_backlog " + (double) events)
                .contains("bazaar_events_published_total 0.0").containsPattern("bazaar_outbox_oldest_seconds [1-9]");
        assertWellFormed(text);
    }

    @Test
    void anUnwritableMetricsFileFailsTheCommand() throws Exception {
        Path blocker = home.resolve("not-a-dir");
        Files.writeString(blocker, "x");
        var run = bazaar.cli(sre, "--metrics-file", blocker.resolve("m.prom").toString(), "health");
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).contains("cannot write the metrics file");
    }

    private long stuckExecution(Duration silentFor) {
        Timestamp then = Timestamp.from(Instant.now().minus(silentFor));
        long instance = bazaar.jdbc.sql("""
                INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)
                VALUES (nextval('batch_job_instance_seq'), 0, 'catalog-import', md5(random()::text))
                RETURNING job_instance_id""").query(Long.class).single();
        return bazaar.jdbc.sql("""
                INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time, start_time,
                                                 status, exit_code, last_updated)
                VALUES (nextval('batch_job_execution_seq'), 1, :instance, :then, :then, 'STARTED', 'UNKNOWN', :then)
                RETURNING job_execution_id""").param("instance", instance).param("then", then)
                .query(Long.class).single();
    }

    /** Every line is a comment or a sample; and promtool agrees, where it is installed (CI installs it). */
    static void assertWellFormed(String text) throws Exception {
        for (String line : text.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                assertThat(line).matches(SAMPLE);
            }
        }
        Path promtool = List.of(Path.of("/usr/bin/promtool"), Path.of("/usr/local/bin/promtool")).stream()
                .filter(Files::isExecutable).findFirst().orElse(null);
        if (promtool != null) {
            Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true)
                    .start();
            check.getOutputStream().write(text.getBytes());
            check.getOutputStream().close();
            String output = new String(check.getInputStream().readAllBytes());
            assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(check.exitValue()).as(output).isZero();
        }
    }
}
