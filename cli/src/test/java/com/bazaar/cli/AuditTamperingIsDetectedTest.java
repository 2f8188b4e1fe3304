package com.bazaar.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Someone with superuser rights drops the append-only guard and edits the audit table behind the application's
 * back: {@code bazaar audit verify} exits non-zero and names the first broken record.
 */
class AuditTamperingIsDetectedTest {

    @TempDir
    Path home;
    private TestBazaar bazaar;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.seller("GLOBEX", "EUR");
        bazaar.cli(bazaar.adminToken(), "seller", "suspend", "GLOBEX", "--reason", "KYC documents expired");
        bazaar.seller("INITECH", "USD");
        assertThat(bazaar.cli(bazaar.adminToken(), "audit", "verify").exitCode()).isZero();
    }

    private void asSuperuser(String sql) {
        bazaar.jdbc.sql("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete").update();
        bazaar.jdbc.sql(sql).update();
        bazaar.jdbc.sql("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete").update();
    }

    private TestBazaar.Run verify() {
        return bazaar.cli(bazaar.adminToken(), "audit", "verify");
    }

    @Test
    void anEditedRecordIsNamed() {
        asSuperuser("UPDATE audit_log SET reason = 'routine check' WHERE action = 'seller.suspend'");
        long seq = bazaar.jdbc.sql("SELECT seq FROM audit_log WHERE action = 'seller.suspend'").query(Long.class).single();
        var run = verify();
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(run.err()).contains("audit chain broken at record " + seq).contains("altered");
    }

    @Test
    void aDeletedRecordIsNamed() {
        asSuperuser("DELETE FROM audit_log WHERE seq = 3");
        var run = verify();
        assertThat(run.exitCode()).isEqualTo(ExitCode.REJECTED);
        // record 4 no longer links to record 2, the record before it in its stripe
        assertThat(run.err()).contains("audit chain broken at record 4").contains("does not link to record 2")
                .contains("were removed");
    }

    @Test
    void aRemovedTailIsFoundThroughTheChainHead() {
        long last = bazaar.jdbc.sql("SELECT max(seq) FROM audit_log").query(Long.class).single();
        asSuperuser("DELETE FROM audit_log WHERE seq = " + last);
        var run = verify();
        assertThat(run.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(run.err()).contains("audit chain broken at record " + last).contains("the head of stripe 1");
    }

    @Test
    void aRecordRewrittenWithAFreshHashIsNamedByItsMac() {
        // the forger recomputes the edited record's own plain hash; without the audit key they cannot make its MAC
        // (before the chain was keyed this was caught one record later, by the next record's link)
        var record = bazaar.jdbc.sql("SELECT * FROM audit_log WHERE seq = 2").query().singleRow();
        var content = new com.bazaar.domain.audit.AuditRecord(2,
                ((java.sql.Timestamp) record.get("occurred_at")).toInstant(), "system:nobody", "",
                (String) record.get("action"), (String) record.get("target"), com.bazaar.domain.audit.Outcome.SUCCESS,
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), "x",
                (String) record.get("prev_hash"), "", java.util.Optional.empty());
        String forgedHash = com.bazaar.domain.audit.AuditChain.hashOf(content);
        asSuperuser("UPDATE audit_log SET actor_name = 'system:nobody', actor_roles = '', reason = NULL, "
                + "correlation_id = 'x', before_json = NULL, after_json = NULL, hash = '" + forgedHash + "' WHERE seq = 2");
        var run = verify();
        assertThat(run.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(run.err()).contains("audit chain broken at record 2").contains("MAC");
    }

    @Test
    void verifyingIsForAdminsAuditorsAndSres() {
        String sre = bazaar.user("sam", com.bazaar.domain.identity.Role.SRE, null);
        String operator = bazaar.user("olivia", com.bazaar.domain.identity.Role.OPERATOR, null);
        assertThat(bazaar.cli(sre, "audit", "verify").exitCode()).isZero();
        assertThat(bazaar.cli(operator, "audit", "verify").exitCode()).isEqualTo(ExitCode.DENIED);
        assertThat(bazaar.cli(sre, "audit", "log").exitCode()).isEqualTo(ExitCode.DENIED);
    }
}
