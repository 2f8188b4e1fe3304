package com.bazaar.cli;

import com.bazaar.domain.payment.application.IssueRefund;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.payment.PaymentId;
import com.bazaar.domain.payment.Refund;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.testsupport.TestKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bazaar serve} as an SRE runs it: the packaged jar, a real port, HTTP requests. It exposes health and
 * Prometheus metrics that promtool accepts, releases expired reservations and settles refunds in doubt on its own,
 * as the token's user and audited as such; a stuck job turns health DOWN (HTTP 503, bazaar_health_up 0); revoking
 * the token stops the scheduled work; SIGTERM stops it; with a Kafka cluster it relays the outbox to it, before and
 * while it runs; without ops.serve it does not start.
 */
class ServeIT {

    @TempDir
    Path home;
    private TestBazaar bazaar;
    private BazaarProcess cli;
    private Process server;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        cli = new BazaarProcess(home.resolve("bazaar-home"), home.resolve("scratch"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Map<String, String> databaseEnv() {
        return TestBazaar.databaseEnv(bazaar.db);
    }

    @Test
    void servesHealthAndMetricsAndDoesTheScheduledWorkAsItsUser() throws Exception {
        String sre = bazaar.user("sam", Role.SRE, null);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "PLAIN", "10.00", 10);
        // placed on the test clock, hours before the wall clock the server runs on: its reservation has expired
        long late = bazaar.order("late", "ACME", "PLAIN:3").order().order().id().value();
        PaymentId paid = bazaar.order("paid", "ACME", "PLAIN:2").order().payment().orElseThrow().id();
        bazaar.services.authorizePayment().authorize(bazaar.admin(), paid);
        bazaar.services.capturePayment().capture(bazaar.admin(), paid);
        var refund = bazaar.services.issueRefund().issue(new IssueRefund.Command(bazaar.admin(),
                new IdempotencyKey("slow"), paid, "1.53", "damaged")); // .53: the simulated provider says pending
        assertThat(refund.refund().status()).isEqualTo(Refund.Status.PENDING);
        assertThat(bazaar.stock("reserved", "PLAIN")).isEqualTo(3); // the paid order's stock left with its capture

        String address = start(sre, "--expire-every", "1s", "--settle-every", "1s", "--refresh-every", "1s",
                "--verify-audit-every", "1s");

        await("the expired order is cancelled and the pending refund settled by the server", () ->
                "CANCELLED".equals(orderStatus(late)) && "SUCCEEDED".equals(bazaar.jdbc.sql(
                        "SELECT status FROM refunds").query(String.class).single()));
        assertThat(bazaar.stock("reserved", "PLAIN")).isZero();
        assertThat(bazaar.jdbc.sql("""
                SELECT count(*) FROM audit_log WHERE actor_name = 'sam' AND action = 'ops.serve'
                AND after_json::jsonb -> 'scheduled' ->> 'reservation-expiry' = 'every 1s'""").query(Long.class).single())
                .isEqualTo(1);
        assertThat(bazaar.jdbc.sql("""
                SELECT count(*) FROM audit_log WHERE actor_name = 'sam'
                AND correlation_id LIKE 'serve-reservation-expiry-%' AND reason LIKE 'scheduled reservation-expiry%'""")
                .query(Long.class).single()).isPositive();
        assertThat(bazaar.jdbc.sql("""
                SELECT count(*) FROM audit_log WHERE actor_name = 'sam'
                AND correlation_id LIKE 'serve-payment-janitor-%'""").query(Long.class).single()).isPositive();

        var health = get(address, "/actuator/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"", "\"database\"", "\"migrations\"", "\"jobs\"",
                "\"auditChain\"", "records intact");

        // the state metrics are a snapshot refreshed on their own schedule: wait until one taken after both the
        // reservation expiry and the payment janitor's settlement (a scrape once showed the refund still PENDING)
        await("the metrics show what the server did", () -> {
            String scraped = scrape(address);
            return scraped.contains("bazaar_reservations_expired_total 1.0")
                    && scraped.contains("bazaar_refunds_total{status=\"SUCCEEDED\"} 1.0");
        });
        // the chain head is anchored outside the database, signed, as the server's user
        await("the server anchors the audit chain", () -> anchors().endsWith("\n"));
        assertThat(anchors()).startsWith("v1 seq=")
                .contains(" by=sam ");
        String metrics = scrape(address);
        HealthAndMetricsTest.assertWellFormed(metrics);
        assertThat(metrics).contains("bazaar_health_up 1.0", "bazaar_audit_chain_valid 1.0",
                "bazaar_health_check{check=\"jobs\"} 1.0", "bazaar_jobs_stuck 0.0",
                "bazaar_refunds_total{status=\"SUCCEEDED\"} 1.0", "bazaar_orders{status=\"CANCELLED\"} 1.0", "bazaar_orders_placed_total 2.0",
                "bazaar_scheduled_runs_total{outcome=\"ok\",task=\"reservation-expiry\"}",
                "bazaar_scheduled_items_total{task=\"payment-janitor\"} 1.0",
                "bazaar_scheduled_runs_total{outcome=\"ok\",task=\"audit-anchor\"}", "jvm_memory_used_bytes",
                // no job has run: its counters are there at 0, so BazaarJobFailed sees a first failure
                "bazaar_job_executions_total{job=\"refunds\",status=\"FAILED\"} 0.0",
                "bazaar_job_executions_total{job=\"catalog-import\",status=\"REJECTED\"} 0.0");

        // a job that claims to run but has not moved for an hour: DOWN, 503, and the gauge says so
        stuckExecution();
        await("health turns DOWN", () -> get(address, "/actuator/health").statusCode() == 503);
        assertThat(get(address, "/actuator/health").body()).contains("\"status\":\"DOWN\"", "1 stuck");
        await("the gauges follow", () -> scrape(address).contains("bazaar_health_up 0.0"));
        assertThat(scrape(address)).contains("bazaar_jobs_stuck 1.0", "bazaar_health_check{check=\"jobs\"} 0.0");

        // the token is presented again for every run: revoking it stops the work at the next run
        assertThat(bazaar.cli(bazaar.adminToken(), "user", "revoke", "sam", "--reason", "left").exitCode()).isZero();
        await("scheduled runs are refused", () -> scrape(address)
                .contains("bazaar_scheduled_runs_total{outcome=\"denied\",task=\"reservation-expiry\"}"));
        // the chain can no longer be verified: health says so, but the chain gauge says "unknown", not "broken"
        await("the audit chain is reported unverified", () -> get(address, "/actuator/health").body()
                .contains("not verified"));
        assertThat(scrape(address)).contains("bazaar_audit_chain_valid NaN")
                .contains("bazaar_health_check{check=\"audit_chain\"} 0.0");

        server.destroy(); // SIGTERM
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }

    @Test
    void relaysTheOutboxToTheConfiguredClusterOnItsSchedule() throws Exception {
        String sre = bazaar.user("sam", Role.SRE, null);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "12.99", 10);
        bazaar.order("before", "ACME", "MUG:2");
        String prefix = TestKafka.unique("serve-relay");
        Map<String, String> env = new java.util.HashMap<>(databaseEnv());
        env.put("BAZAAR_KAFKA", TestKafka.bootstrapServers());
        env.put("BAZAAR_KAFKA_TOPIC_PREFIX", prefix);
        server = cli.start(env, sre, "serve", "--port", "0", "--relay-every", "1s", "--refresh-every", "1s");
        String address = cli.awaitListening(server);

        await("the server publishes what was committed before it started", () -> RelayPasses.unpublished(bazaar) == 0);
        bazaar.order("during", "ACME", "MUG:1");
        await("and what is committed while it runs", () -> RelayPasses.unpublished(bazaar) == 0);

        List<String> outbox = bazaar.jdbc.sql("SELECT id::text FROM outbox").query(String.class).list();
        List<String> onTheCluster = RelayPasses.eventIds(prefix);
        String serverErrors = cli.errorsSoFar(server);
        assertThat(new java.util.HashSet<>(onTheCluster)).as("every committed event is on the cluster, and nothing else")
                .containsExactlyInAnyOrderElementsOf(outbox);
        if (!serverErrors.contains("scheduled events-relay failed")) {
            // at-least-once: only a failed pass (a send not acknowledged in time on a loaded machine) sends again
            assertThat(onTheCluster).as("no pass failed, so every event is on the cluster once; the server said:\n%s",
                    serverErrors).containsExactlyInAnyOrderElementsOf(outbox);
        }
        await("the metrics show the relay", () -> scrape(address).contains("bazaar_outbox_backlog 0.0"));
        assertThat(scrape(address)).contains("bazaar_scheduled_runs_total{outcome=\"ok\",task=\"events-relay\"}",
                "bazaar_events_published_total " + outbox.size() + ".0");
        server.destroy();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }

    @Test
    void doesNotStartWithoutOpsServeAndSaysWhichPermissionIsMissing() throws Exception {
        String operator = bazaar.user("olga", Role.OPERATOR, null);
        Process process = cli.start(databaseEnv(), operator, "serve", "--port", "0");
        var result = cli.await(process);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.DENIED);
        assertThat(result.err()).contains("may not ops.serve");
        assertThat(result.out()).doesNotContain("listening");
        assertThat(bazaar.jdbc.sql("""
                SELECT count(*) FROM audit_log WHERE actor_name = 'olga' AND action = 'ops.serve'
                AND outcome = 'DENIED'""").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aPortInUseIsOneSentenceAndExit1() throws Exception {
        String sre = bazaar.user("sam", Role.SRE, null);
        try (var taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            var result = cli.await(cli.start(databaseEnv(), sre, "serve", "--port",
                    Integer.toString(taken.getLocalPort())));
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.FAILURE);
            assertThat(result.err()).contains("error: the server did not start:")
                    .contains(Integer.toString(taken.getLocalPort())).doesNotContain("\tat ");
        }
    }

    @Test
    void aBadIntervalIsAUsageError() throws Exception {
        String sre = bazaar.user("sam", Role.SRE, null);
        var result = cli.await(cli.start(databaseEnv(), sre, "serve", "--expire-every", "soon"));
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("'soon' is not an interval");
        var tooShort = cli.await(cli.start(databaseEnv(), sre, "serve", "--settle-every", "PT0.5S"));
        assertThat(tooShort.exitCode()).as(tooShort.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(tooShort.err()).contains("shorter than 1s; use 0 for off");
        var badPort = cli.await(cli.start(databaseEnv(), sre, "serve", "--port", "70000"));
        assertThat(badPort.exitCode()).as(badPort.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(badPort.err()).contains("--port must be 0-65535").doesNotContain("unexpected");
    }

    /** Starts the server on a free port and returns host:port once it listens. */
    private String start(String token, String... options) throws Exception {
        String[] args = new String[options.length + 3];
        args[0] = "serve";
        args[1] = "--port";
        args[2] = "0";
        System.arraycopy(options, 0, args, 3, options.length);
        server = cli.start(databaseEnv(), token, args);
        return cli.awaitListening(server);
    }

    private static HttpResponse<String> get(String address, String path) {
        return BazaarProcess.get(address, path);
    }

    private String scrape(String address) {
        var response = get(address, "/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private String orderStatus(long order) {
        return bazaar.jdbc.sql("SELECT status FROM orders WHERE id = :id").param("id", order).query(String.class)
                .single();
    }

    /** Polls (the server works on its own schedule) until the condition holds; fails after 60 s. */
    /** This installation's anchors file, or "" while there is none. */
    private String anchors() {
        try {
            return java.nio.file.Files.readString(TestBazaar.anchorsFile(home));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private void await(String what, BooleanSupplier condition) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what + "; server said: "
                        + cli.errorsSoFar(server));
            }
            if (server != null && !server.isAlive()) {
                throw new AssertionError("the server exited while waiting until " + what + ": "
                        + cli.errorsSoFar(server));
            }
            Thread.sleep(200);
        }
    }

    private void stuckExecution() {
        Timestamp then = Timestamp.from(Instant.now().minus(Duration.ofHours(1)));
        long instance = bazaar.jdbc.sql("""
                INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)
                VALUES (nextval('batch_job_instance_seq'), 0, 'catalog-import', md5(random()::text))
                RETURNING job_instance_id""").query(Long.class).single();
        bazaar.jdbc.sql("""
                INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time, start_time,
                                                 status, exit_code, last_updated)
                VALUES (nextval('batch_job_execution_seq'), 1, :instance, :then, :then, 'STARTED', 'UNKNOWN', :then)""")
                .param("instance", instance).param("then", then).update();
    }
}
