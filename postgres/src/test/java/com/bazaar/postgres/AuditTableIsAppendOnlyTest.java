package com.bazaar.postgres;

import com.bazaar.domain.audit.AuditChain;
import com.bazaar.domain.audit.AuditEntry;
import com.bazaar.domain.audit.AuditKey;
import com.bazaar.domain.audit.AuditKeys;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.shared.CorrelationId;
import com.bazaar.testsupport.TestDatabase;
import com.bazaar.testsupport.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The database itself refuses to change or remove audit records, and accepts only the next link of the chain: even
 * from its administrator, as long as the triggers are in place (the application's role cannot even try:
 * ApplicationRoleCannotEscalateTest).
 */
class AuditTableIsAppendOnlyTest {

    /** This test's audit key, held in memory. */
    static final AuditKeys KEYS = new AuditKeys() {
        private final AuditKey key = AuditKey.of(new byte[AuditKey.SECRET_BYTES], 1);

        @Override
        public String location() {
            return "memory";
        }

        @Override
        public Optional<AuditKey> find() {
            return Optional.of(key);
        }

        @Override
        public AuditKey key() {
            return key;
        }

        @Override
        public void create(AuditKey key) {
            throw new UnsupportedOperationException();
        }
    };

    private static Database database;
    private static JdbcClient jdbc;

    @BeforeAll
    static void recordSomething() {
        TestDatabase db = TestDatabases.fresh();
        database = new Database(db.dataSource());
        jdbc = new Database(db.adminDataSource()).jdbc();
        var tx = new PostgresTransactions(database);
        var trail = new JdbcAuditTrail(database, KEYS);
        Actor actor = Actor.system("test", new CorrelationId("t-1"));
        tx.run(() -> trail.append(AuditEntry.change(Instant.parse("2026-11-25T10:00:00Z"), actor, "seller.create",
                "seller:ACME", null, Map.of("code", "ACME"))));
        tx.run(() -> trail.append(AuditEntry.denied(Instant.parse("2026-11-25T10:01:00Z"), actor, "user.create",
                "user:x")));
    }

    @Test
    void updateIsRefused() {
        assertThatThrownBy(() -> jdbc.sql("UPDATE audit_log SET reason = 'rewritten' WHERE seq = 1").update())
                .rootCause().hasMessageContaining("append-only");
    }

    @Test
    void deleteIsRefused() {
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_log WHERE seq = 2").update())
                .rootCause().hasMessageContaining("append-only");
    }

    @Test
    void truncateIsRefused() {
        assertThatThrownBy(() -> jdbc.sql("TRUNCATE audit_log").update()).rootCause().hasMessageContaining("append-only");
    }

    @Test
    void theChainHeadCannotBeMovedDirectly() {
        assertThatThrownBy(() -> jdbc.sql("UPDATE audit_chain_head SET seq = 1").update())
                .rootCause().hasMessageContaining("moves only when an audit record is appended");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_chain_head").update())
                .rootCause().hasMessageContaining("moves only when an audit record is appended");
    }

    @Test
    void anInsertThatDoesNotExtendTheChainIsRefused() {
        String fake = "f".repeat(64);
        assertThatThrownBy(() -> jdbc.sql("INSERT INTO audit_log (seq, occurred_at, actor_name, actor_roles, action,"
                + " target, outcome, correlation_id, prev_hash, hash) VALUES (7, now(), 'mallory', '', 'x', 'y',"
                + " 'SUCCESS', 'c', :prev, :hash)").param("prev", AuditChain.GENESIS).param("hash", fake).update())
                .rootCause().hasMessageContaining("does not extend chain stripe 1");
        // another stripe's head, not the one it names: refused the same way
        String stripe3 = jdbc.sql("SELECT hash FROM audit_chain_head WHERE id = 3").query(String.class).single();
        assertThatThrownBy(() -> jdbc.sql("INSERT INTO audit_log (seq, occurred_at, actor_name, actor_roles, action,"
                + " target, outcome, correlation_id, prev_hash, hash, stripe) VALUES (9, now(), 'mallory', '', 'x', 'y',"
                + " 'SUCCESS', 'c', :prev, :hash, 2)").param("prev", stripe3).param("hash", fake).update())
                .rootCause().hasMessageContaining("does not extend chain stripe 2");
        // the right link, but a number the sequence has not reached: it would stop every later append to the stripe
        var head = new JdbcAuditTrail(database, KEYS).heads().get(0);
        assertThatThrownBy(() -> jdbc.sql("INSERT INTO audit_log (seq, occurred_at, actor_name, actor_roles, action,"
                + " target, outcome, correlation_id, prev_hash, hash, mac) VALUES (:seq, now(), 'mallory', '', 'x',"
                + " 'y', 'SUCCESS', 'c', :prev, :hash, :hash)").param("seq", 1_000_000_000L)
                .param("prev", head.hash()).param("hash", fake).update())
                .rootCause().hasMessageContaining("does not extend chain stripe 1");
    }

    @Test
    void anUnsealedRecordIsRefusedEvenWhenItExtendsTheChain() {
        var head = new JdbcAuditTrail(database, KEYS).heads().get(0);
        long seq = jdbc.sql("SELECT nextval('audit_log_seq')").query(Long.class).single(); // drawn as an append would
        var unsealed = AuditChain.hashOf(new com.bazaar.domain.audit.AuditRecord(seq,
                Instant.parse("2026-11-25T10:02:00Z"), "mallory", "", "seller.create", "seller:X",
                com.bazaar.domain.audit.Outcome.SUCCESS, Optional.empty(), Optional.empty(), Optional.empty(), "c",
                head.hash(), "", Optional.empty()));
        assertThatThrownBy(() -> jdbc.sql("INSERT INTO audit_log (seq, occurred_at, actor_name, actor_roles, action,"
                + " target, outcome, correlation_id, prev_hash, hash) VALUES (:seq, '2026-11-25T10:02:00Z', 'mallory',"
                + " '', 'seller.create', 'seller:X', 'SUCCESS', 'c', :prev, :hash)").param("seq", seq)
                .param("prev", head.hash()).param("hash", unsealed).update())
                .rootCause().hasMessageContaining("audit_log_new_records_sealed");
    }

    @Test
    void theRecordsAreStillThere() {
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log").query(Long.class).single()).isEqualTo(2);
        assertThat(new JdbcAuditTrail(database, KEYS).head().seq()).isEqualTo(2);
    }
}
