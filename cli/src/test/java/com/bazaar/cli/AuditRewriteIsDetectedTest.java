package com.bazaar.cli;

import com.bazaar.batch.audit.AuditExportFormat;
import com.bazaar.domain.audit.AuditChain;
import com.bazaar.domain.audit.AuditKey;
import com.bazaar.domain.audit.AuditRecord;
import com.bazaar.domain.audit.ChainWalk;
import com.bazaar.domain.audit.Outcome;
import com.bazaar.domain.identity.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Someone with database superuser access rewrites the audit trail consistently - every plain SHA-256 hash from the
 * edited record to the head, and the head row - or removes its newest records and moves the head back. The audit key
 * (outside the database) names the first rewritten record, the anchors file names the removal, an export is
 * authenticated offline with either, and a host without the key writes nothing.
 */
class AuditRewriteIsDetectedTest {

    @TempDir
    Path home;
    private TestBazaar bazaar;
    private String sre;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.seller("GLOBEX", "EUR");
        bazaar.cli(bazaar.adminToken(), "seller", "suspend", "GLOBEX", "--reason", "KYC documents expired");
        bazaar.seller("INITECH", "USD");
        sre = bazaar.user("sam", Role.SRE, null);
        assertThat(bazaar.cli(sre, "audit", "verify").exitCode()).isZero();
    }

    // ---- what a database superuser can do ----

    static List<AuditRecord> records(JdbcClient jdbc) {
        return jdbc.sql("SELECT * FROM audit_log ORDER BY seq").query((rs, n) -> new AuditRecord(rs.getLong("seq"),
                rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor_name"), rs.getString("actor_roles"),
                rs.getString("action"), rs.getString("target"), Outcome.valueOf(rs.getString("outcome")),
                Optional.ofNullable(rs.getString("before_json")), Optional.ofNullable(rs.getString("after_json")),
                Optional.ofNullable(rs.getString("reason")), rs.getString("correlation_id"), rs.getString("prev_hash"),
                rs.getString("hash"), Optional.ofNullable(rs.getString("mac")))).list();
    }

    /** As a superuser: every trigger of the trail off (the append-only guard, the link check, the head guard). */
    static void asSuperuser(JdbcClient jdbc, Runnable work) {
        jdbc.sql("ALTER TABLE audit_log DISABLE TRIGGER USER").update();
        jdbc.sql("ALTER TABLE audit_chain_head DISABLE TRIGGER USER").update();
        try {
            work.run();
        } finally {
            jdbc.sql("ALTER TABLE audit_log ENABLE TRIGGER USER").update();
            jdbc.sql("ALTER TABLE audit_chain_head ENABLE TRIGGER USER").update();
        }
    }

    /**
     * Edits record {@code from} (its reason) and recomputes the plain hash of it and of every later record, moves the
     * head to the new last hash; each record's MAC becomes what {@code sealer} makes of the record and its new hash.
     */
    static void rewriteFrom(JdbcClient jdbc, long from, BiFunction<AuditRecord, String, Optional<String>> sealer) {
        List<AuditRecord> all = records(jdbc);
        asSuperuser(jdbc, () -> {
            String previous = all.get((int) from - 2).hash();
            for (AuditRecord r : all.subList((int) from - 1, all.size())) {
                Optional<String> reason = r.seq() == from ? Optional.of("routine check") : r.reason();
                AuditRecord content = new AuditRecord(r.seq(), r.occurredAt(), r.actorName(), r.actorRoles(),
                        r.action(), r.target(), r.outcome(), r.before(), r.after(), reason, r.correlationId(),
                        previous, "", Optional.empty());
                String hash = AuditChain.hashOf(content);
                jdbc.sql("UPDATE audit_log SET reason = :reason, prev_hash = :prev, hash = :hash, mac = :mac"
                                + " WHERE seq = :seq").param("reason", reason.orElse(null)).param("prev", previous)
                        .param("hash", hash).param("mac", sealer.apply(r, hash).orElse(null)).param("seq", r.seq())
                        .update();
                previous = hash;
            }
            String head = previous;
            jdbc.sql("UPDATE audit_chain_head SET hash = :hash WHERE id = 1").param("hash", head).update();
        });
    }

    /** Deletes the newest {@code count} records and moves the head back to the one before: a consistent shorter chain. */
    static void removeTail(JdbcClient jdbc, int count) {
        List<AuditRecord> all = records(jdbc);
        AuditRecord newLast = all.get(all.size() - 1 - count);
        asSuperuser(jdbc, () -> {
            jdbc.sql("DELETE FROM audit_log WHERE seq > :seq").param("seq", newLast.seq()).update();
            jdbc.sql("UPDATE audit_chain_head SET seq = :seq, hash = :hash WHERE id = 1")
                    .param("seq", newLast.seq()).param("hash", newLast.hash()).update();
        });
    }

    /** Plain SHA-256 links and hashes only - what the chain checked before it had a key. */
    static ChainWalk.Problem plainWalk(List<AuditRecord> records) {
        ChainWalk walk = ChainWalk.fromStart(Optional.empty(), Optional.empty(), Optional.empty());
        records.forEach(walk);
        return walk.problem();
    }

    private AuditKey key() {
        return new com.bazaar.cli.audit.AuditKeyFile(TestBazaar.keyFile(home)).key();
    }

    // ---- (a) a full rewrite with plain hashes ----

    @Test
    void aFullRewriteOfPlainHashesIsNamedByVerifyAndHealth() {
        long before = bazaar.auditCount();
        // the MACs stay as they were: nobody without the key can redo them
        rewriteFrom(bazaar.jdbc, 2, (old, hash) -> old.mac());
        assertThat(plainWalk(records(bazaar.jdbc))).as("the rewrite is consistent as far as plain SHA-256 goes")
                .isNull();

        var verify = bazaar.cli(sre, "audit", "verify");
        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(verify.err()).contains("audit chain broken at record 2:").contains("MAC");
        var json = bazaar.cli(sre, "audit", "verify", "--output", "json");
        assertThat(json.out()).contains("\"status\" : \"BROKEN\"", "\"first_broken_record\" : 2");

        var health = bazaar.cli(sre, "health");
        assertThat(health.exitCode()).as(health.toString()).isEqualTo(ExitCode.FAILURE);
        assertThat(health.out()).contains("audit_chain", "broken at record 2", "UNHEALTHY: audit_chain failed.");
        assertThat(bazaar.auditCount()).isEqualTo(before);
    }

    @Test
    void aRewriteThatClearsTheMacsIsNamedToo() {
        // the superuser also lifts the rule that new records are sealed, and makes the rewritten records "plain"
        bazaar.jdbc.sql("ALTER TABLE audit_log DROP CONSTRAINT audit_log_new_records_sealed").update();
        rewriteFrom(bazaar.jdbc, 3, (old, hash) -> Optional.empty());
        var verify = bazaar.cli(sre, "audit", "verify");
        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(verify.err()).contains("audit chain broken at record 3:").contains("carries no MAC");
    }

    // ---- (b) a rewrite sealed with another key ----

    @Test
    void aRewriteSealedWithAWrongKeyIsNamed() {
        AuditKey wrong = AuditKey.of(new byte[AuditKey.SECRET_BYTES], 1);
        rewriteFrom(bazaar.jdbc, 2, (old, hash) -> Optional.of(AuditChain.macOf(hash, wrong)));
        var verify = bazaar.cli(sre, "audit", "verify");
        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(verify.err()).contains("audit chain broken at record 2:").contains("does not match its MAC");
        assertThat(bazaar.cli(sre, "health").exitCode()).isEqualTo(ExitCode.FAILURE);
    }

    @Test
    void onlyAHolderOfTheKeyCouldRewriteUnnoticed() {
        // the limit, proven: with the key a rewrite verifies, which is why the key lives outside the database
        AuditKey key = key();
        rewriteFrom(bazaar.jdbc, 2, (old, hash) -> Optional.of(AuditChain.macOf(hash, key)));
        assertThat(bazaar.cli(sre, "audit", "verify").exitCode()).isZero();
    }

    // ---- (c) the newest records removed and the head moved back ----

    @Test
    void aRemovedTailIsFoundThroughTheAnchors() throws Exception {
        var anchored = bazaar.cli(sre, "audit", "anchor");
        assertThat(anchored.exitCode()).as(anchored.toString()).isZero();
        assertThat(anchored.out()).contains("Anchored record");
        Path firstAnchors = home.resolve("first.anchors");
        Files.copy(TestBazaar.anchorsFile(home), firstAnchors);
        bazaar.seller("UMBRELLA", "USD");
        bazaar.seller("HOOLI", "USD");
        assertThat(bazaar.cli(sre, "audit", "anchor").exitCode()).isZero();
        long last = bazaar.auditCount();

        removeTail(bazaar.jdbc, 2);

        // the keyed chain alone cannot see it: what is left is consistent and sealed
        var withoutLaterAnchor = bazaar.cli(sre, "audit", "verify", "--anchors", firstAnchors.toString());
        assertThat(withoutLaterAnchor.exitCode()).as(withoutLaterAnchor.toString()).isZero();
        // the anchor written after those records were there names the removal
        var verify = bazaar.cli(sre, "audit", "verify");
        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(verify.err()).contains("audit chain broken at record " + (last - 1) + ":")
                .contains("records " + (last - 1) + " to " + last + " were removed");
        var health = bazaar.cli(sre, "health");
        assertThat(health.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(health.out()).contains("were removed");
        // and the shorter trail is never anchored over
        String anchorsBefore = Files.readString(TestBazaar.anchorsFile(home));
        var again = bazaar.cli(sre, "audit", "anchor");
        assertThat(again.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(again.err()).contains("records were removed");
        assertThat(Files.readString(TestBazaar.anchorsFile(home))).isEqualTo(anchorsBefore);
    }

    @Test
    void aRecordRewrittenAfterItWasAnchoredIsNamedByTheAnchorEvenWithTheKey() {
        assertThat(bazaar.cli(sre, "audit", "anchor").exitCode()).isZero();
        long anchoredSeq = bazaar.auditCount();
        AuditKey key = key(); // the worst case: the key leaked together with database access
        rewriteFrom(bazaar.jdbc, anchoredSeq, (old, hash) -> Optional.of(AuditChain.macOf(hash, key)));
        var verify = bazaar.cli(sre, "audit", "verify");
        assertThat(verify.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(verify.err()).contains("audit chain broken at record " + anchoredSeq + ":")
                .contains("rewritten after it was anchored");
    }

    // ---- the anchors file ----

    @Test
    void anchoringIsPrivateAppendOnlyAndSkipsAnUnchangedHead() throws Exception {
        Path anchors = TestBazaar.anchorsFile(home);
        assertThat(bazaar.cli(sre, "audit", "anchor").exitCode()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(anchors))).isEqualTo("rw-------");
        var unchanged = bazaar.cli(sre, "audit", "anchor", "--output", "json");
        assertThat(unchanged.out()).contains("\"status\" : \"UNCHANGED\"");
        assertThat(Files.readAllLines(anchors)).hasSize(1);
        bazaar.seller("UMBRELLA", "USD");
        assertThat(bazaar.cli(bazaar.adminToken(), "audit", "anchor").exitCode()).isZero();
        List<String> lines = Files.readAllLines(anchors);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("v1 seq=" + bazaar.auditCount() + " ").contains(" by=admin ");
        var verify = bazaar.cli(sre, "audit", "verify");
        assertThat(verify.exitCode()).isZero();
        assertThat(verify.out()).contains("2 anchor(s) matched");
    }

    @Test
    void anEditedAnchorLineIsNotTrusted() throws Exception {
        assertThat(bazaar.cli(sre, "audit", "anchor").exitCode()).isZero();
        Path anchors = TestBazaar.anchorsFile(home);
        String line = Files.readString(anchors);
        // someone who can write the file but has no key moves the anchor back to an earlier record
        Files.writeString(anchors, line.replaceFirst("seq=\\d+", "seq=3"));
        var verify = bazaar.cli(sre, "audit", "verify");
        assertThat(verify.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(verify.err()).contains("line 1 of " + anchors + " cannot be trusted").contains("MAC");
        var anchor = bazaar.cli(sre, "audit", "anchor");
        assertThat(anchor.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(Files.readString(anchors)).isEqualTo(line.replaceFirst("seq=\\d+", "seq=3"));
    }

    @Test
    void anchoringIsForAdminsSresAndAuditorsAndARefusalIsAudited() {
        String operator = bazaar.user("olivia", Role.OPERATOR, null);
        String auditor = bazaar.user("aud", Role.AUDITOR, null);
        var refused = bazaar.cli(operator, "audit", "anchor");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.DENIED);
        assertThat(refused.err()).contains("may not audit.anchor");
        assertThat(Files.exists(TestBazaar.anchorsFile(home))).isFalse();
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'audit.anchor' AND outcome = 'DENIED'"
                + " AND actor_name = 'olivia'").query(Long.class).single()).isEqualTo(1);
        assertThat(bazaar.cli(auditor, "audit", "anchor").exitCode()).isZero();
        // a successful anchor appends one record, the checkpoint it anchors (naming every stripe's head), by its actor
        long count = bazaar.auditCount();
        bazaar.seller("UMBRELLA", "USD");
        assertThat(bazaar.cli(sre, "audit", "anchor").exitCode()).isZero();
        assertThat(bazaar.auditCount()).isEqualTo(count + 2);
        assertThat(bazaar.jdbc.sql("SELECT actor_name FROM audit_log WHERE action = 'audit.checkpoint' ORDER BY seq"
                + " DESC LIMIT 1").query(String.class).single()).isEqualTo("sam");
    }

    // ---- (d) exports, offline ----

    private Path export(String name) {
        String auditor = bazaar.user("aud-" + name.replaceAll("[^a-z]", ""), Role.AUDITOR, null);
        // from the test clock's day to today: the records made through cli() carry the wall clock's time
        String from = LocalDate.ofInstant(bazaar.clock.instant(), ZoneOffset.UTC).toString();
        String to = LocalDate.now(ZoneOffset.UTC).toString();
        Path out = home.resolve(name);
        var run = bazaar.cli(auditor, "job", "run", "audit-export", "--from", from, "--to", to, "--format",
                name.endsWith(".csv") ? "csv" : "jsonl", "--out", out.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return out;
    }

    private static TestBazaar.Run offline(Path file, String... options) {
        List<String> args = new ArrayList<>(List.of("audit", "verify", "--file", file.toString()));
        args.addAll(List.of(options));
        return TestBazaar.run(Map.of("HOME", file.getParent().resolve("elsewhere").toString(), "BAZAAR_DB_URL",
                "jdbc:postgresql://127.0.0.1:1/no-database-needed"), args.toArray(String[]::new));
    }

    /** The export with record {@code seq} edited and every later plain hash recomputed, MACs kept. */
    private static void forgeExport(Path file, long seq) throws Exception {
        List<AuditRecord> records = new ArrayList<>();
        AuditExportFormat.read(new ByteArrayInputStream(Files.readAllBytes(file)), records::add);
        StringBuilder text = new StringBuilder();
        String previous = null;
        java.util.Map<String, String> forged = new java.util.HashMap<>();
        for (AuditRecord r : records) {
            AuditRecord out = r;
            if (r.seq() >= seq) {
                Optional<String> reason = r.seq() == seq ? Optional.of("nothing to see") : r.reason();
                // a careful forger also makes each checkpoint name the forged heads
                Optional<String> after = r.after().map(a -> {
                    String named = a;
                    for (var e : forged.entrySet()) {
                        named = named.replace(e.getKey(), e.getValue());
                    }
                    return named;
                });
                AuditRecord content = new AuditRecord(r.seq(), r.occurredAt(), r.actorName(), r.actorRoles(),
                        r.action(), r.target(), r.outcome(), r.before(), after, reason, r.correlationId(),
                        previous, "", Optional.empty());
                out = new AuditRecord(r.seq(), r.occurredAt(), r.actorName(), r.actorRoles(), r.action(), r.target(),
                        r.outcome(), r.before(), after, reason, r.correlationId(), previous,
                        AuditChain.hashOf(content), r.mac());
                forged.put(r.hash(), out.hash());
            }
            text.append(AuditExportFormat.line(out, "jsonl"));
            previous = out.hash();
        }
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void anExportIsAuthenticatedOfflineWithTheKeyOrTheAnchors() throws Exception {
        assertThat(bazaar.cli(sre, "audit", "anchor").exitCode()).isZero();
        long anchored = bazaar.auditCount();
        Path anchors = TestBazaar.anchorsFile(home);
        Path key = TestBazaar.keyFile(home);
        for (String name : List.of("audit.jsonl", "audit.csv")) {
            Path file = export(name);
            var withKey = offline(file, "--key-file", key.toString());
            assertThat(withKey.exitCode()).as(withKey.toString()).isZero();
            assertThat(withKey.out()).contains("Export intact", "MACs checked with audit key " + key().id(),
                    "Authenticated through record " + (bazaar.auditCount() - 1) + ".");
            var withAnchors = offline(file, "--anchors", anchors.toString());
            assertThat(withAnchors.exitCode()).as(withAnchors.toString()).isZero();
            assertThat(withAnchors.out()).contains("1 anchor(s) of " + anchors + " matched",
                    "Authenticated through record " + anchored + ".");
            var neither = offline(file);
            assertThat(neither.exitCode()).isZero();
            assertThat(neither.out()).contains("Export intact", "NOT authenticated");
            assertThat(offline(file, "--output", "json").out()).contains("\"authenticated\" : false");
        }
    }

    @Test
    void aForgedExportIsCaughtWithTheKeyAndWithTheAnchorsButNotWithout() throws Exception {
        assertThat(bazaar.cli(sre, "audit", "anchor").exitCode()).isZero();
        Path file = export("audit.jsonl");
        forgeExport(file, 3);

        var withKey = offline(file, "--key-file", TestBazaar.keyFile(home).toString());
        assertThat(withKey.exitCode()).as(withKey.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(withKey.err()).contains("export broken at record 3:").contains("MAC");
        var withAnchors = offline(file, "--anchors", TestBazaar.anchorsFile(home).toString());
        assertThat(withAnchors.exitCode()).as(withAnchors.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(withAnchors.err()).contains("rewritten after it was anchored");
        var neither = offline(file);
        assertThat(neither.exitCode()).as("consistent, but says it is not authenticated").isZero();
        assertThat(neither.out()).contains("NOT authenticated");
    }

    @Test
    void namedFilesThatDoNotExistAreNotFound() {
        Path file = export("audit.jsonl");
        assertThat(offline(file, "--key-file", home.resolve("nope.key").toString()).exitCode())
                .isEqualTo(ExitCode.NOT_FOUND);
        assertThat(offline(file, "--anchors", home.resolve("nope.anchors").toString()).exitCode())
                .isEqualTo(ExitCode.NOT_FOUND);
        assertThat(bazaar.cli(sre, "audit", "verify", "--anchors", home.resolve("nope").toString()).exitCode())
                .isEqualTo(ExitCode.NOT_FOUND);
    }

    // ---- the key never shows ----

    @Test
    void theSecretIsNeverPrinted() throws Exception {
        String secret = Files.readAllLines(TestBazaar.keyFile(home)).stream().filter(l -> l.startsWith("secret: "))
                .findFirst().orElseThrow().substring("secret: ".length());
        List<TestBazaar.Run> runs = List.of(bazaar.cli(sre, "audit", "verify", "--output", "json"),
                bazaar.cli(sre, "audit", "anchor"), bazaar.cli(null, "config", "show"),
                bazaar.cli(null, "config", "show", "--output", "json"), bazaar.cli(sre, "health"));
        for (TestBazaar.Run run : runs) {
            assertThat(run.out() + run.err()).doesNotContain(secret);
        }
        assertThat(Files.readString(TestBazaar.anchorsFile(home))).doesNotContain(secret);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM audit_log WHERE concat_ws(' ', before_json, after_json,"
                + " reason) LIKE :s").param("s", "%" + secret + "%").query(Long.class).single()).isZero();
    }
}
