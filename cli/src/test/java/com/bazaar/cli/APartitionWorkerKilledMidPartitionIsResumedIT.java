package com.bazaar.cli;

import com.bazaar.domain.identity.Role;
import com.bazaar.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, item 5: a {@code bazaar worker --batch} killed (SIGKILL) in the middle of a partition of a refunds file.
 * The refunds run in 2 partitions, one in the worker and one in the launching {@code job run} process; both are seen
 * running (two partition leases held) when the worker is killed. The launcher then gets the killed worker's Kafka
 * partitions (10 s session timeout) and with them the uncommitted request, takes the partition's lease (released by
 * the server with the dead session), finds it STARTED and resumes it after its last saved chunk. Every row is refunded
 * exactly once (refunds, provider calls and amounts counted in the database), at most one chunk's rows come again as
 * replays, and the ledger balances. About a minute on two cores.
 */
class APartitionWorkerKilledMidPartitionIsResumedIT {

    private static final int PAYMENTS = 10;
    private static final int ROWS_PER_PAYMENT = 120;
    private static final int ROWS = PAYMENTS * ROWS_PER_PAYMENT;
    /** Partition leases held now (PartitionWorker: advisory lock, key 1 = hashtext('bazaar-partition')). */
    private static final String LEASES = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
            + " AND classid::bigint = (hashtext('bazaar-partition')::bigint + 4294967296) % 4294967296";

    @TempDir
    Path home;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theKilledWorkersPartitionIsResumedAndEveryRowRefundedOnce() throws Exception {
        var bazaar = TestBazaar.initialised(home);
        var cli = new BazaarProcess(home.resolve("bazaar-home"), home.resolve("scratch"));
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "TV", "100.00", PAYMENTS);
        StringBuilder rows = new StringBuilder("payment_ref,amount,currency,reason,idempotency_key\n");
        for (int i = 0; i < PAYMENTS; i++) {
            var id = bazaar.order("tv-" + i, "ACME", "TV:1").order().payment().orElseThrow().id();
            bazaar.services.authorizePayment().authorize(bazaar.admin(), id);
            bazaar.services.capturePayment().capture(bazaar.admin(), id);
            for (int k = 0; k < ROWS_PER_PAYMENT; k++) {
                rows.append(id.value()).append(",0.01,USD,price match,r-").append(i).append('-').append(k).append('\n');
            }
        }
        String finance = bazaar.user("fiona", Role.FINANCE, null);
        Path file = home.resolve("refunds.csv");
        Files.writeString(file, rows);

        String prefix = TestKafka.unique("partition-kill");
        Map<String, String> env = new HashMap<>(TestBazaar.databaseEnv(bazaar.db));
        env.put("BAZAAR_KAFKA", TestKafka.bootstrapServers());
        env.put("BAZAAR_KAFKA_TOPIC_PREFIX", prefix);

        Process worker = cli.start(env, bazaar.adminToken(), "worker", "--batch");
        processes.add(worker);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers()))) {
            Eventually.within(Duration.ofSeconds(90), "the batch worker joined its consumer group", () -> {
                assertThat(worker.isAlive()).as("the batch worker runs").isTrue();
                try {
                    var group = admin.describeConsumerGroups(List.of(prefix + "-batch-workers")).all()
                            .get(10, TimeUnit.SECONDS).get(prefix + "-batch-workers");
                    return group.members().size() == 1;
                } catch (Exception notYet) {
                    return false;
                }
            });
        }

        Process run = cli.start(env, finance, "job", "run", "refunds", "--file", file.toString(), "--mode", "apply",
                "--partitions", "2");
        processes.add(run);
        // both partitions running (one lease each: the worker's and the launcher's) and rows issued: kill now
        Eventually.within(Duration.ofSeconds(180), "both partitions running with refunds issued", () -> {
            if (!run.isAlive()) {
                throw new AssertionError("the job run ended before the worker was killed: " + outcome(cli, run));
            }
            return count(bazaar, LEASES) == 2 && count(bazaar, "SELECT count(*) FROM refunds") >= 200;
        });
        long before = count(bazaar, "SELECT count(*) FROM refunds");
        worker.destroyForcibly();
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(before).as("killed mid-way, not after the end").isLessThan(ROWS);

        var result = cli.await(run, Duration.ofMinutes(5));
        assertThat(result.exitCode()).as("the job run: %s", result).isZero();
        assertThat(result.out()).containsPattern("refunds succeeded:\\s+" + ROWS).containsPattern("rejected:\\s+0");
        var replayed = Pattern.compile("refunds replayed:\\s+(\\d+)").matcher(result.out());
        assertThat(replayed.find()).as(result.out()).isTrue();
        assertThat(Long.parseLong(replayed.group(1))).as("resumed after its last saved chunk (100 rows), not from"
                + " the start of the partition").isLessThanOrEqualTo(100);

        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM refunds").query(Long.class).single()).isEqualTo(ROWS);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM refunds WHERE status = 'SUCCEEDED'").query(Long.class)
                .single()).isEqualTo(ROWS);
        assertThat(bazaar.jdbc.sql("SELECT coalesce(sum(amount_minor), 0) FROM refunds").query(Long.class).single())
                .isEqualTo(ROWS);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM simulated_provider_operations WHERE operation = 'REFUND'")
                .query(Long.class).single()).as("the provider asked to refund each row once").isEqualTo(ROWS);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM batch_step_execution WHERE step_name LIKE"
                + " 'refund-partition:%'").query(Long.class).single()).as("the same two partitions, the killed one"
                + " resumed rather than created again").isEqualTo(2);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM batch_step_execution WHERE step_name LIKE"
                + " 'refund-partition:%' AND status = 'COMPLETED'").query(Long.class).single()).isEqualTo(2);
        assertThat(bazaar.services.ledgerReport().check(bazaar.admin()).balanced()).isTrue();
    }

    private static String outcome(BazaarProcess cli, Process run) {
        try {
            return cli.await(run).toString();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static long count(TestBazaar bazaar, String sql) {
        return bazaar.jdbc.sql(sql).query(Long.class).single();
    }
}
