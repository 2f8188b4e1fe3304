package com.bazaar.cli;

import com.bazaar.cli.wiring.SecureRandomSecrets;
import com.bazaar.domain.audit.AuditChain;
import com.bazaar.domain.audit.AuditRecord;
import com.bazaar.domain.audit.Outcome;
import com.bazaar.domain.identity.ApiToken;
import com.bazaar.domain.identity.TokenHash;
import com.bazaar.testsupport.TestDatabase;
import com.bazaar.testsupport.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An installation from before the audit key (schema version 9, a trail of plain SHA-256 records) is upgraded with
 * {@code bazaar db migrate}: it gets a key that seals every record from the next one on, and the key file - not the
 * database - says from which record. Old records verify as plain, new ones as sealed; clearing a new record's MAC in
 * the database (a downgrade to "plain") is found; a host without the key writes nothing and makes no second key.
 */
class UpgradedTrailIsKeyedFromTheUpgradeOnTest {

    @TempDir
    Path home;
    private TestDatabase db;
    private JdbcClient jdbc;
    private String admin;
    private Path keyFile;

    @BeforeEach
    void anInstallationOfBeforeTheKey() {
        db = TestDatabases.empty();
        Flyway.configure().dataSource(db.ownerDataSource()).locations("classpath:db/migration")
                .target("9").load().migrate();
        jdbc = JdbcClient.create(db.ownerDataSource());
        ApiToken token = ApiToken.issue(new SecureRandomSecrets());
        admin = token.secret();
        Instant at = Instant.parse("2026-11-20T09:00:00Z");
        jdbc.sql("INSERT INTO installation (id, initialised_at) VALUES (1, :at)").param("at", Timestamp.from(at))
                .update();
        jdbc.sql("INSERT INTO users (name, roles, token_hash, token_hint, status, created_at) VALUES ('admin',"
                        + " ARRAY['admin'], :hash, :hint, 'ACTIVE', :at)").param("hash", TokenHash.of(token).value())
                .param("hint", token.hint()).param("at", Timestamp.from(at)).update();
        String previous = AuditChain.GENESIS;
        previous = plainRecord(1, at, "system:init", "", "user.create", "user:admin", previous);
        previous = plainRecord(2, at.plusSeconds(60), "admin", "admin", "seller.view", "sellers", previous);
        plainRecord(3, at.plusSeconds(120), "admin", "admin", "user.list", "users", previous);
        keyFile = home.resolve("host-a").resolve("audit.key");

        var migrate = cli("host-a", null, "db", "migrate");
        assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
        assertThat(migrate.out()).contains("Audit key: created " + keyFile, "sealing every audit record from 4 on");
    }

    /** A record as the code before the key wrote it: plain SHA-256, no MAC. */
    private String plainRecord(long seq, Instant at, String actor, String roles, String action, String target,
                               String previous) {
        AuditRecord content = new AuditRecord(seq, at, actor, roles, action, target, Outcome.DENIED, Optional.empty(),
                Optional.empty(), Optional.empty(), "legacy-" + seq, previous, "", Optional.empty());
        String hash = AuditChain.hashOf(content);
        jdbc.sql("INSERT INTO audit_log (seq, occurred_at, actor_name, actor_roles, action, target, outcome,"
                        + " correlation_id, prev_hash, hash) VALUES (:seq, :at, :actor, :roles, :action, :target, 'DENIED',"
                        + " :correlation, :prev, :hash)").param("seq", seq).param("at", Timestamp.from(at))
                .param("actor", actor).param("roles", roles).param("action", action).param("target", target)
                .param("correlation", "legacy-" + seq).param("prev", previous).param("hash", hash).update();
        return hash;
    }

    private TestBazaar.Run cli(String host, String token, String... args) {
        Map<String, String> env = new HashMap<>(TestBazaar.databaseEnv(db));
        env.put("HOME", home.toString());
        env.put("BAZAAR_HOME", home.resolve(host).toString());
        if (token != null) {
            env.put("BAZAAR_TOKEN", token);
        }
        return TestBazaar.run(env, args);
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    @Test
    void oldRecordsVerifyAsPlainAndEveryNewOneIsSealed() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(Files.readString(keyFile)).contains("keyed-from: 4");
        assertThat(jdbc.sql("SELECT action FROM audit_log WHERE seq = 4").query(String.class).single())
                .as("the upgrade says so in the trail, in the first sealed record").isEqualTo("audit.key");
        assertThat(cli("host-a", admin, "seller", "create", "--code", "ACME", "--name", "Acme", "--currency", "USD")
                .exitCode()).isZero();
        assertThat(count("SELECT count(*) FROM audit_log WHERE seq <= 3 AND mac IS NULL")).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM audit_log WHERE seq >= 4 AND mac IS NOT NULL")).isEqualTo(2);
        var verify = cli("host-a", admin, "audit", "verify");
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("Audit chain intact: 5 records", "(records 4 on)");
        // a second migrate keeps the key
        String key = Files.readString(keyFile);
        var again = cli("host-a", null, "db", "migrate");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("Audit key: " + keyFile + " (id ");
        assertThat(Files.readString(keyFile)).isEqualTo(key);
    }

    @Test
    void aDatabaseOnlyDowngradeOfASealedRecordToPlainIsFound() {
        assertThat(cli("host-a", admin, "seller", "create", "--code", "ACME", "--name", "Acme", "--currency", "USD")
                .exitCode()).isZero();
        // the superuser lifts the rule that new records are sealed and clears record 5's MAC: a "plain" record now
        jdbc.sql("ALTER TABLE audit_log DROP CONSTRAINT audit_log_new_records_sealed").update();
        AuditRewriteIsDetectedTest.asSuperuser(jdbc,
                () -> jdbc.sql("UPDATE audit_log SET mac = NULL WHERE seq = 5").update());
        var verify = cli("host-a", admin, "audit", "verify");
        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(verify.err()).contains("audit chain broken at record 5:").contains("carries no MAC")
                .contains("from 4 on");
    }

    @Test
    void thePlainRecordsBeforeTheKeyArePinnedByTheFirstSealedOne() {
        // rewriting a plain record and every later hash (MACs left alone: the key is not in the database); the rule
        // that records carry a MAC also refuses updates of the old ones, so the superuser lifts it first
        jdbc.sql("ALTER TABLE audit_log DROP CONSTRAINT audit_log_new_records_sealed").update();
        AuditRewriteIsDetectedTest.rewriteFrom(jdbc, 2, (old, hash) -> old.mac());
        var verify = cli("host-a", admin, "audit", "verify");
        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(verify.err()).contains("audit chain broken at record 4:").contains("MAC");
    }

    @Test
    void aHostWithoutTheKeyWritesNothingAndMakesNoSecondKey() {
        long records = count("SELECT count(*) FROM audit_log");
        var create = cli("host-b", admin, "seller", "create", "--code", "ACME", "--name", "Acme", "--currency", "USD");
        assertThat(create.exitCode()).as(create.toString()).isEqualTo(ExitCode.FAILURE);
        assertThat(create.err()).contains("this host has no audit key at " + home.resolve("host-b").resolve("audit.key"))
                .doesNotContain("Exception");
        assertThat(create.err().lines().count()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM sellers")).isZero();

        var migrate = cli("host-b", null, "db", "migrate");
        assertThat(migrate.exitCode()).as(migrate.toString()).isEqualTo(ExitCode.FAILURE);
        assertThat(migrate.err()).contains("this host has no audit key at");
        assertThat(Files.exists(home.resolve("host-b").resolve("audit.key"))).isFalse();

        assertThat(cli("host-b", admin, "audit", "verify").exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(count("SELECT count(*) FROM audit_log")).isEqualTo(records);
    }
}
