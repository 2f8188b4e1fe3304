package com.bazaar.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local read replica from the command line, through the packaged jar: {@code db replica create} makes a streaming
 * replica of the embedded server, {@code db replica status} reports it running and its lag, a seller written on the
 * primary is listed by {@code seller list} (which reads the replica), {@code health} shows the replica, and with the
 * replica stopped or a read URL that does not answer, commands still work from the primary (the latter with a
 * warning). A list reads the replica (it misses a seller the paused replica has not replayed) until the replica lags
 * beyond {@code db.read-max-lag}; then the primary answers, with a warning. The replication password never reaches the
 * output.
 */
class ReadReplicaIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path scratch;
    private static BazaarProcess bazaar;
    private static String token;

    @BeforeAll
    static void init() throws Exception {
        bazaar = new BazaarProcess(scratch.resolve("home"), scratch.resolve("io"));
        var init = bazaar.run(null, "init");
        assertThat(init.exitCode()).as(init.toString()).isZero();
        token = init.lastLine();
        var create = bazaar.run(null, "db", "replica", "create");
        assertThat(create.exitCode()).as(create.toString()).isZero();
        String password = Files.readString(scratch.resolve("home/db-replication.password")).strip();
        assertThat(create.out() + create.err()).doesNotContain(password);
    }

    @AfterAll
    static void stop() throws Exception {
        if (bazaar != null) {
            bazaar.run(null, "db", "replica", "stop");
            bazaar.run(null, "db", "stop");
        }
    }

    @Test
    void aLocalReplicaServesListsFollowsWritesAndStoppedLeavesThemToThePrimary() throws Exception {
        assertThat(bazaar.run(null, "db", "replica", "create").exitCode()).as("a second create").isEqualTo(4);

        var made = bazaar.run(token, "seller", "create", "--code", "REPL", "--name", "Replicated Ltd", "--currency",
                "USD");
        assertThat(made.exitCode()).as(made.toString()).isZero();
        JsonNode status = awaitStatus(s -> s.path("lag_bytes").isNumber() && s.path("lag_bytes").asLong() == 0);
        assertThat(status.path("state").asString()).isEqualTo("running");
        assertThat(status.path("port").asInt()).isPositive();
        assertThat(status.path("lag").asString()).isEqualTo("caught up");

        var list = bazaar.run(token, "seller", "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("Replicated Ltd");
        assertThat(list.err()).as("the replica was used, without a warning").doesNotContain("goes to the primary");
        var health = bazaar.run(token, "health");
        assertThat(health.exitCode()).as(health.toString()).isZero();
        assertThat(health.out()).contains("replica").contains("read-only work reads there");

        var stop = bazaar.run(null, "db", "replica", "stop");
        assertThat(stop.out()).contains("Stopped the replica.");
        var fromPrimary = bazaar.run(token, "seller", "list");
        assertThat(fromPrimary.exitCode()).as(fromPrimary.toString()).isZero();
        assertThat(fromPrimary.out()).contains("Replicated Ltd");

        var start = bazaar.run(null, "db", "replica", "start"); // waits until it accepts connections
        assertThat(start.exitCode()).as(start.toString()).isZero();
        assertThat(start.out()).contains("The replica runs on port");
    }

    @Test
    void aReadUrlThatDoesNotAnswerLeavesReadsToThePrimaryWithAWarning() throws Exception {
        Process p = bazaar.start(Map.of("BAZAAR_READ_DB_URL", "jdbc:postgresql://127.0.0.1:1/bazaar"), token,
                "seller", "list");
        var list = bazaar.await(p);
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.err()).contains("read-only work goes to the primary: the replica does not answer");
        var config = bazaar.run(null, "--read-db-url", "jdbc:postgresql://127.0.0.1:1/bazaar", "config", "show");
        assertThat(config.out()).contains("db.read-url", "jdbc:postgresql://127.0.0.1:1/bazaar", "db.read-max-lag",
                "10s");
    }

    @Test
    void aListReadsTheReplicaAndOneLaggingBeyondTheBoundIsLeftForThePrimary() throws Exception {
        assertThat(bazaar.run(null, "db", "replica", "start").exitCode()).isZero();
        // a transaction replayed, so that the replica's lag has a time (a replica behind with none replayed since its
        // start has an unknown lag, and is not used whatever the bound)
        assertThat(bazaar.run(token, "seller", "create", "--code", "EARLY", "--name", "Early Ltd", "--currency", "USD")
                .exitCode()).isZero();
        for (String[] command : List.of(
                new String[] {"product", "create", "--seller", "EARLY", "--sku", "MUG", "--title", "Mug", "--price",
                        "5.00"},
                new String[] {"product", "activate", "--seller", "EARLY", "--sku", "MUG"},
                new String[] {"inventory", "adjust", "--seller", "EARLY", "--sku", "MUG", "--delta", "10", "--reason",
                        "stock"})) {
            var done = bazaar.run(token, command);
            assertThat(done.exitCode()).as(done.toString()).isZero();
        }
        awaitStatus(s -> s.path("lag_bytes").isNumber() && s.path("lag_bytes").asLong() == 0);
        long startup = startupProcess();
        signal("STOP", startup); // the replica receives WAL but replays none: it falls behind
        try {
            var made = bazaar.run(token, "seller", "create", "--code", "LAGGED", "--name", "Not Yet Replayed",
                    "--currency", "USD");
            assertThat(made.exitCode()).as(made.toString()).isZero();
            var fromReplica = bazaar.await(bazaar.start(Map.of("BAZAAR_READ_MAX_LAG", "1h"), token, "seller",
                    "list"));
            assertThat(fromReplica.exitCode()).as(fromReplica.toString()).isZero();
            assertThat(fromReplica.out()).as("read from the replica, which has not replayed it")
                    .doesNotContain("Not Yet Replayed");
            var fromPrimary = bazaar.await(bazaar.start(Map.of("BAZAAR_READ_MAX_LAG", "1s"), token, "seller",
                    "list"));
            assertThat(fromPrimary.exitCode()).as(fromPrimary.toString()).isZero();
            assertThat(fromPrimary.out()).contains("Not Yet Replayed");
            assertThat(fromPrimary.err()).contains("read-only work goes to the primary: the replica is",
                    "beyond the bound of 1 s");

            // serve's state meters are read-only work too: an order on the primary the replica has not replayed
            var order = bazaar.run(token, "order", "place", "--idempotency-key", "lagged-order", "--buyer",
                    "b@example.com", "--seller", "EARLY", "--line", "MUG:1");
            assertThat(order.exitCode()).as(order.toString()).isZero();
            Process serve = bazaar.start(Map.of("BAZAAR_READ_MAX_LAG", "1h"), token, "serve", "--port", "0",
                    "--refresh-every", "1s");
            try {
                String address = bazaar.awaitListening(serve);
                String[] scrape = {""};
                Eventually.within(Duration.ofSeconds(30), "serve's first reading of its state meters", () -> {
                    scrape[0] = BazaarProcess.get(address, "/actuator/prometheus").body();
                    return scrape[0].contains("bazaar_orders_placed_total");
                });
                assertThat(scrape[0]).as("serve's metrics were read from the replica, which has no order yet")
                        .containsPattern("(?m)^bazaar_orders_placed_total 0\\.0$");
            } finally {
                serve.destroy();
                serve.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            signal("CONT", startup);
        }
    }

    /** The local replica's startup process, which replays the WAL it receives. */
    private static long startupProcess() throws Exception {
        Path pidFile = scratch.resolve("home/replica/pgdata/postmaster.pid");
        long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        return ProcessHandle.of(postmaster).orElseThrow().children().filter(p -> {
            try {
                return Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline")).contains("startup");
            } catch (java.io.IOException e) {
                return false;
            }
        }).findFirst().orElseThrow(() -> new AssertionError("no startup process under " + postmaster)).pid();
    }

    private static void signal(String signal, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor())
                .isZero();
    }

    private static JsonNode awaitStatus(java.util.function.Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (true) {
            var run = bazaar.run(null, "db", "replica", "status", "--output", "json");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            JsonNode node = JSON.readTree(run.out());
            if (wanted.test(node)) {
                return node;
            }
            assertThat(System.nanoTime()).as("db replica status: " + run.out()).isLessThan(deadline);
        }
    }
}
