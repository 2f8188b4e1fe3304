package com.bazaar.cli;

import com.bazaar.domain.seller.application.CreateSeller;
import com.bazaar.domain.identity.application.RevokeUser;
import com.bazaar.domain.audit.application.VerifyAuditChain;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.identity.UserName;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.Conflict;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.domain.shared.RuleViolation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Duplicate creations cannot happen even when the same request arrives many times at once, the audit chain stays
 * one unbroken line under concurrent appends, and concurrent revocations cannot remove the last admin.
 */
class DuplicatesAreImpossibleUnderConcurrencyTest {

    private static final int THREADS = 8;

    @TempDir
    Path home;
    private TestBazaar bazaar;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
    }

    private CreateSeller.Command create(String code, String name, String key) {
        return new CreateSeller.Command(bazaar.admin(), Optional.ofNullable(key).map(IdempotencyKey::new),
                new Seller.Draft(SellerCode.of(code), name, CurrencyCode.of("USD")));
    }

    private long count(String sql) {
        return bazaar.jdbc.sql(sql).query(Long.class).single();
    }

    @Test
    void theSameKeyAtOnceCreatesOneSellerAndEveryCallerGetsIt() throws Exception {
        var outcomes = Concurrently.run(THREADS, i -> () ->
                bazaar.services.createSeller().create(create("ACME", "Acme Ltd", "onboard-acme")));
        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
        assertThat(outcomes).extracting(o -> o.value().seller().id()).containsOnly(outcomes.get(0).value().seller().id());
        assertThat(outcomes).filteredOn(o -> !o.value().replayed()).hasSize(1);
        assertThat(count("SELECT count(*) FROM sellers WHERE code = 'ACME'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'seller.create'")).isEqualTo(1);
    }

    @Test
    void theSameCodeAtOnceWithoutAKeyCreatesOneSellerAndTheRestConflict() throws Exception {
        var outcomes = Concurrently.run(THREADS, i -> () ->
                bazaar.services.createSeller().create(create("ACME", "Acme " + i, null)));
        assertThat(outcomes).filteredOn(Concurrently.Outcome::succeeded).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !o.succeeded())
                .allSatisfy(o -> assertThat(o.failure()).isInstanceOf(Conflict.class));
        assertThat(count("SELECT count(*) FROM sellers WHERE code = 'ACME'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'seller.create'")).isEqualTo(1);
    }

    @Test
    void aKeyReusedWithOtherContentIsRefusedAtTheCliWithExit6() {
        String admin = bazaar.adminToken();
        var first = bazaar.cli(admin, "seller", "create", "--code", "ACME", "--name", "Acme Ltd", "--currency", "USD",
                "--idempotency-key", "k-1");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        var replay = bazaar.cli(admin, "seller", "create", "--code", "ACME", "--name", "Acme Ltd", "--currency", "USD",
                "--idempotency-key", "k-1");
        assertThat(replay.exitCode()).as(replay.toString()).isZero();
        assertThat(replay.out()).contains("already created with this idempotency key").contains("ACME");
        var other = bazaar.cli(admin, "seller", "create", "--code", "ACME", "--name", "Acme Inc", "--currency", "USD",
                "--idempotency-key", "k-1");
        assertThat(other.exitCode()).isEqualTo(ExitCode.CONFLICT);
        assertThat(other.err()).contains("idempotency key 'k-1' was already used for a different request");
        var otherOperation = bazaar.cli(admin, "user", "create", "--name", "x", "--role", "sre",
                "--idempotency-key", "k-1");
        assertThat(otherOperation.exitCode()).isEqualTo(ExitCode.CONFLICT);
        assertThat(count("SELECT count(*) FROM sellers")).isEqualTo(1);
    }

    @Test
    void everyAuditStripeStaysOneLineUnderConcurrentAppends() throws Exception {
        int perThread = 15;
        var outcomes = Concurrently.run(THREADS, t -> () -> {
            for (int i = 0; i < perThread; i++) {
                bazaar.services.createSeller().create(create("S" + t + "X" + i, "Seller " + t + "/" + i, null));
            }
            return null;
        });
        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
        long records = count("SELECT count(*) FROM audit_log");
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'seller.create'"))
                .isEqualTo((long) THREADS * perThread);
        var verdict = bazaar.services.verifyAuditChain().verify(bazaar.admin());
        // every record walked, each linked to the previous record of its stripe (ADR 0015), the last one by number last
        assertThat(verdict).isInstanceOfSatisfying(VerifyAuditChain.Intact.class, intact -> {
            assertThat(intact.records()).isEqualTo(records);
            assertThat(intact.headHash()).isEqualTo(bazaar.jdbc.sql("SELECT hash FROM audit_log ORDER BY seq DESC"
                    + " LIMIT 1").query(String.class).single());
        });
    }

    @Test
    void verifyingWhileOthersAppendNeverReportsTampering() throws Exception {
        var outcomes = Concurrently.run(4, t -> () -> {
            java.util.List<VerifyAuditChain.Verdict> verdicts = new java.util.ArrayList<>();
            for (int i = 0; i < 25; i++) {
                if (t == 0) {
                    verdicts.add(bazaar.services.verifyAuditChain().verify(bazaar.admin()));
                } else {
                    bazaar.services.createSeller().create(create("V" + t + "X" + i, "Seller " + t + "/" + i, null));
                }
            }
            return verdicts;
        });
        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
        assertThat(outcomes.get(0).value()).hasSize(25)
                .allSatisfy(v -> assertThat(v).isInstanceOf(VerifyAuditChain.Intact.class));
    }

    @RepeatedTest(3)
    void twoAdminsRevokingEachOtherAtOnceLeaveOneAdmin() throws Exception {
        String tokenB = bazaar.user("admin-b", Role.ADMIN, null);
        Actor a = bazaar.admin();
        Actor b = bazaar.authenticate(tokenB);
        var outcomes = Concurrently.run(2, i -> () -> bazaar.services.revokeUser().revoke(
                new RevokeUser.Command(i == 0 ? a : b, UserName.of(i == 0 ? "admin-b" : "admin"))));
        assertThat(outcomes).filteredOn(Concurrently.Outcome::succeeded).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !o.succeeded()).singleElement()
                .satisfies(o -> assertThat(o.failure()).isInstanceOfAny(RuleViolation.class,
                        com.bazaar.domain.shared.PermissionDenied.class));
        assertThat(count("SELECT count(*) FROM users WHERE status = 'ACTIVE' AND 'admin' = ANY (roles)")).isEqualTo(1);
    }
}
