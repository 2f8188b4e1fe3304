package com.bazaar.postgres;

import com.bazaar.domain.audit.AuditChain;
import com.bazaar.domain.audit.AuditEntry;
import com.bazaar.domain.audit.AuditRecord;
import com.bazaar.domain.audit.ChainWalk;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.shared.CorrelationId;
import com.bazaar.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADR 0015 in the database: concurrent appenders hold different stripes' heads at once (so their commits can share a
 * WAL flush), every stripe stays one unbroken chain, a transaction's appends stay in one stripe, a rolled-back append
 * leaves only a gap in the numbers, and a checkpoint names every head.
 */
class AuditStripesUnderConcurrencyTest {

    private static final Actor ACTOR = Actor.system("test", new CorrelationId("stripes"));

    private static AuditEntry entry(String action) {
        return AuditEntry.change(Instant.parse("2026-12-04T22:00:00Z"), ACTOR, action, "order:1", null,
                Map.of("n", 1));
    }

    @Test
    void concurrentAppendersUseSeveralStripesAndEveryStripeStaysOneChain() throws Exception {
        Database database = new Database(TestDatabases.fresh().dataSource());
        JdbcAuditTrail trail = new JdbcAuditTrail(database, AuditTableIsAppendOnlyTest.KEYS);
        PostgresTransactions tx = new PostgresTransactions(database);
        int threads = 8;
        int each = 40;
        // every appender waits, holding its head, until all have appended once: they cannot all be in one stripe
        CountDownLatch allHolding = new CountDownLatch(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Set<Integer>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                Set<Integer> used = new HashSet<>();
                for (int i = 0; i < each; i++) {
                    boolean first = i == 0;
                    used.add(tx.inTransaction(() -> {
                        AuditRecord a = trail.append(entry("order.placed"));
                        AuditRecord b = trail.append(entry("payment.authorised"));
                        assertThat(b.stripe()).as("a transaction's second append stays in its stripe")
                                .isEqualTo(a.stripe());
                        if (first) {
                            allHolding.countDown();
                            try {
                                assertThat(allHolding.await(30, TimeUnit.SECONDS)).isTrue();
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                        return a.stripe();
                    }));
                }
                return used;
            }));
        }
        Set<Integer> stripes = new HashSet<>();
        for (Future<Set<Integer>> f : futures) {
            stripes.addAll(f.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(stripes).as("8 transactions held 8 different heads at once").hasSize(threads);

        // a rolled-back append leaves a gap in the numbers, nothing else
        try {
            tx.run(() -> {
                trail.append(entry("order.placed"));
                throw new IllegalStateException("rolled back");
            });
        } catch (IllegalStateException expected) {
            // the append is gone with its transaction
        }
        tx.run(() -> trail.append(entry("order.placed")));

        // a checkpoint names every head as it is
        List<AuditChain.Head> before = trail.heads();
        AuditRecord checkpoint = tx.inTransaction(() -> {
            List<AuditChain.Head> locked = trail.lockHeadsForCheckpoint();
            return trail.append(AuditEntry.change(Instant.parse("2026-12-04T22:01:00Z"), ACTOR, AuditChain.CHECKPOINT,
                    "audit", null, AuditChain.checkpointOf(locked)));
        });
        assertThat(checkpoint.stripe()).isEqualTo(1);
        assertThat(AuditChain.headsOf(checkpoint)).contains(before);
        assertThat(trail.latestCheckpoint().map(AuditRecord::seq)).contains(checkpoint.seq());

        List<AuditChain.Head> heads = trail.heads();
        assertThat(heads).hasSize(8);
        ChainWalk walk = ChainWalk.toHeads(Optional.of(AuditTableIsAppendOnlyTest.KEYS.key()), Optional.empty(),
                Optional.empty(), heads);
        trail.forEach(Long.MAX_VALUE, walk);
        walk.finishAtHeads(heads);
        assertThat(walk.problem()).isNull();
        long expected = threads * each * 2L + 1 + 1;
        assertThat(walk.count()).isEqualTo(expected);
        JdbcClient jdbc = database.jdbc();
        assertThat(jdbc.sql("SELECT max(seq) - count(*) FROM audit_log").query(Long.class).single())
                .as("the rolled-back append's number is a gap").isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(DISTINCT stripe) FROM audit_log").query(Long.class).single())
                .isEqualTo((long) threads);
    }
}
