package com.bazaar.cli;

import com.bazaar.domain.identity.Role;
import com.bazaar.domain.payment.PaymentId;
import com.bazaar.testsupport.TestKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Remote partitioning, with the launching process as the only worker (requests through a real Kafka broker, state in
 * the shared job repository): a reconciliation classified in 4 partitions finds exactly what one process finds, and a
 * refunds file issued in 3 partitions refunds each row once, reports its bad row, and runs again as nothing.
 * (A worker killed mid-partition: {@code APartitionWorkerKilledMidPartitionIsResumedIT}.)
 */
class JobsSplitAcrossPartitionsTest {

    @TempDir
    Path one;
    @TempDir
    Path other;

    private final Map<String, String> kafka = Map.of("BAZAAR_KAFKA", TestKafka.bootstrapServers(),
            "BAZAAR_KAFKA_TOPIC_PREFIX", TestKafka.unique("partitions"));

    /** The same payments in a fresh database: ids come out the same. */
    private static TestBazaar shop(Path home) {
        var bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "10.00", 1000);
        for (int i = 1; i <= 12; i++) {
            var id = bazaar.order("o" + i, "ACME", "MUG:" + i).order().payment().orElseThrow().id();
            bazaar.services.authorizePayment().authorize(bazaar.admin(), id);
            if (i != 12) {
                bazaar.services.capturePayment().capture(bazaar.admin(), id);
            }
        }
        return bazaar;
    }

    private static long payment(TestBazaar bazaar, int nth) {
        return bazaar.jdbc.sql("SELECT id FROM payments ORDER BY id OFFSET :n LIMIT 1").param("n", nth - 1)
                .query(Long.class).single();
    }

    @Test
    void aReconciliationClassifiedInFourPartitionsFindsExactlyWhatOneProcessFinds() throws Exception {
        var partitioned = shop(one);
        var single = shop(other);
        assertThat(payment(partitioned, 1)).isEqualTo(payment(single, 1));
        for (var bazaar : List.of(partitioned, single)) {
            bazaar.services.issueRefund().issue(new com.bazaar.domain.payment.application.IssueRefund.Command(
                    bazaar.admin(), new com.bazaar.domain.shared.IdempotencyKey("rf"),
                    new PaymentId(payment(bazaar, 2)), "5.00", "damaged"));
        }
        StringBuilder csv = new StringBuilder(
                "provider_reference,merchant_reference,type,gross,fee,net,currency,booking_date,payout_id\n");
        for (int i = 1; i <= 9; i++) {
            long p = payment(partitioned, i);
            String gross = i == 4 ? "39.00" : (i * 10) + ".00"; // 4: an amount that does not match
            String net = new java.math.BigDecimal(gross).subtract(new java.math.BigDecimal("0.30")).toPlainString();
            csv.append("ch_").append(i).append(',').append(p).append(",payment,").append(gross).append(",0.30,")
                    .append(net).append(",USD,2026-11-30,po_1\n");
        }
        long p3 = payment(partitioned, 3);
        long p2 = payment(partitioned, 2);
        csv.append("ch_3b,").append(p3).append(",payment,30.00,0.30,29.70,USD,2026-11-30,po_1\n") // settled twice
                .append("ch_x,999999,payment,10.00,0.30,9.70,USD,2026-11-30,po_1\n")             // no such payment
                .append("re_1,").append(p2).append(",refund,-5.00,0,-5.00,USD,2026-11-30,po_1\n")
                .append("re_2,").append(p2).append(",refund,-7.00,0,-7.00,USD,2026-11-30,po_1\n") // no such refund
                .append("fee_1,,fee,-2.00,0,-2.00,USD,2026-11-30,po_1\n")
                .append("cb_1,").append(payment(partitioned, 5)).append(",chargeback,-50.00,15.00,-65.00,USD,2026-11-30,po_1\n")
                .append("adj_1,,adjustment,1.00,0,1.00,USD,2026-11-30,po_1\n")
                .append("po_1,,payout,-300.00,0,-300.00,USD,2026-11-30,po_1\n");
        Path file = one.resolve("settlement.csv");
        Files.writeString(file, csv.toString());

        var split = partitioned.cliWithEnv(kafka, partitioned.adminToken(), "recon", "run", "--provider", "generic",
                "--file", file.toString(), "--partitions", "4");
        assertThat(split.exitCode()).as(split.err()).isZero();
        var alone = single.cli(single.adminToken(), "recon", "run", "--provider", "generic", "--file",
                file.toString());
        assertThat(alone.exitCode()).as(alone.err()).isZero();

        assertThat(partitioned.jdbc.sql("SELECT count(*) FROM settlement_problems").query(Long.class).single())
                .isZero();
        assertThat(items(partitioned)).hasSize(17 + 2).containsExactlyElementsOf(items(single));
        assertThat(waterfalls(partitioned)).isNotEmpty().containsExactlyElementsOf(waterfalls(single));
        assertThat(items(partitioned)).anyMatch(i -> i.contains("DUPLICATE_IN_SETTLEMENT"))
                .anyMatch(i -> i.contains("AMOUNT_MISMATCH")).anyMatch(i -> i.contains("MISSING_IN_LEDGER"))
                .anyMatch(i -> i.contains("MISSING_IN_SETTLEMENT") || i.contains("PENDING_SETTLEMENT"));
        // it did run in 4 partitions, each once, and the run is audited once
        assertThat(partitioned.jdbc.sql("SELECT count(*) FROM batch_step_execution WHERE step_name LIKE"
                + " 'classify-partition:%' AND status = 'COMPLETED'").query(Long.class).single()).isEqualTo(4);
        assertThat(partitioned.jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'recon.run'")
                .query(Long.class).single()).isEqualTo(1);
        // run again: the same run, nothing done twice
        var again = partitioned.cliWithEnv(kafka, partitioned.adminToken(), "recon", "run", "--provider", "generic",
                "--file", file.toString(), "--partitions", "4");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out() + again.err()).contains("already reconciled");
        assertThat(items(partitioned)).containsExactlyElementsOf(items(single));
    }

    private static List<String> items(TestBazaar bazaar) {
        return bazaar.jdbc.sql("SELECT concat_ws('|', line, payment_id, category, expected_minor, actual_minor,"
                        + " currency, difference, candidate, status) FROM recon_items ORDER BY line NULLS LAST,"
                        + " payment_id").query(String.class).list();
    }

    private static List<String> waterfalls(TestBazaar bazaar) {
        return bazaar.jdbc.sql("SELECT concat_ws('|', payout_id, currency, gross, fees, refunds, chargebacks,"
                + " adjustments, payout, adds_up) FROM recon_waterfalls ORDER BY payout_id, currency")
                .query(String.class).list();
    }

    @Test
    void aRefundsFileIssuedInThreePartitionsRefundsEachRowOnce() throws Exception {
        var bazaar = shop(one);
        String finance = bazaar.user("fiona", Role.FINANCE, null);
        StringBuilder rows = new StringBuilder("payment_ref,amount,currency,reason,idempotency_key\n");
        int good = 0;
        for (int i = 1; i <= 10; i++) {
            for (int k = 1; k <= 3; k++) {
                rows.append(payment(bazaar, i)).append(",1.00,USD,goodwill,r-").append(i).append('-').append(k)
                        .append('\n');
                good++;
            }
        }
        rows.append(payment(bazaar, 1)).append(",999.00,USD,too much,r-big\n");
        Path file = one.resolve("refunds.csv");
        Files.writeString(file, rows.toString());
        Path report = one.resolve("errors.csv");

        var bad = bazaar.cliWithEnv(kafka, finance, "job", "run", "refunds", "--file", file.toString(),
                "--partitions", "0");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--partitions must be 1 to 64");

        var run = bazaar.cliWithEnv(kafka, finance, "job", "run", "refunds", "--file", file.toString(), "--mode",
                "apply", "--error-report", report.toString(), "--partitions", "3");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("refunds succeeded:\\s+" + good).containsPattern("rejected:\\s+1");
        assertThat(Files.readString(report)).contains("REFUND_EXCEEDS_CAPTURE");
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM refunds").query(Long.class).single()).isEqualTo(good);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM simulated_provider_operations WHERE operation = 'REFUND'")
                .query(Long.class).single()).isEqualTo(good);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM batch_step_execution WHERE step_name LIKE"
                + " 'refund-partition:%' AND status = 'COMPLETED'").query(Long.class).single()).isEqualTo(3);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM staged_job_rows").query(Long.class).single()).isZero();

        var again = bazaar.cliWithEnv(kafka, finance, "job", "run", "refunds", "--file", file.toString(), "--mode",
                "apply", "--partitions", "2");
        assertThat(again.exitCode()).isZero();
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM refunds").query(Long.class).single()).isEqualTo(good);
        assertThat(bazaar.services.ledgerReport().check(bazaar.admin()).balanced()).isTrue();
    }

    /**
     * A partition acts as the user who started its job, checked again when it runs: a partition left unfinished (its
     * worker died) and taken up after that user was revoked fails, and nothing is done in their name.
     */
    @Test
    void aPartitionOfAUserRevokedSinceFailsAndDoesNothingInTheirName() throws Exception {
        var bazaar = shop(one);
        String finance = bazaar.user("fiona", Role.FINANCE, null);
        StringBuilder rows = new StringBuilder("payment_ref,amount,currency,reason,idempotency_key\n");
        for (int i = 1; i <= 4; i++) {
            rows.append(payment(bazaar, i)).append(",1.00,USD,goodwill,v-").append(i).append('\n');
        }
        Path file = one.resolve("refunds.csv");
        Files.writeString(file, rows.toString());
        var run = bazaar.cliWithEnv(kafka, finance, "job", "run", "refunds", "--file", file.toString(), "--mode",
                "apply", "--partitions", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        long refunds = bazaar.jdbc.sql("SELECT count(*) FROM refunds").query(Long.class).single();

        // a partition found unfinished, as a worker that died in it leaves it; then its user leaves the company
        long partition = bazaar.jdbc.sql("SELECT min(step_execution_id) FROM batch_step_execution WHERE step_name"
                + " LIKE 'refund-partition:%'").query(Long.class).single();
        try (var c = bazaar.db.adminDataSource().getConnection(); var st = c.prepareStatement("UPDATE"
                + " batch_step_execution SET status = 'STARTED', exit_code = 'EXECUTING', end_time = NULL"
                + " WHERE step_execution_id = ?")) {
            st.setLong(1, partition);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        String admin = bazaar.adminToken();
        assertThat(bazaar.cli(admin, "user", "revoke", "fiona", "--reason", "left").exitCode()).isZero();
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(
                Map.<String, Object>of("bootstrap.servers", TestKafka.bootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                    kafka.get("BAZAAR_KAFKA_TOPIC_PREFIX") + ".batch-partitions.v1", 0, null,
                    "refund-partition " + partition)).get();
        }
        var worker = bazaar.cliWithEnv(kafka, admin, "worker", "--batch", "--run-for", "10s");
        assertThat(worker.exitCode()).as(worker.err()).isZero();

        var ended = bazaar.jdbc.sql("SELECT status || ' ' || exit_message FROM batch_step_execution"
                + " WHERE step_execution_id = :id").param("id", partition).query(String.class).single();
        assertThat(ended).startsWith("FAILED ").contains("cannot act as the user who started the job");
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM refunds").query(Long.class).single()).isEqualTo(refunds);
    }
}
