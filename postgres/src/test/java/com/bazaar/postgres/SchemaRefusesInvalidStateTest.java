package com.bazaar.postgres;

import com.bazaar.testsupport.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The schema holds the domain's rules on its own: rows written behind the application's back (plain SQL) that
 * break a rule are refused by a constraint.
 */
class SchemaRefusesInvalidStateTest {

    private static JdbcClient jdbc;
    private static long acme;

    @BeforeAll
    static void setUp() {
        jdbc = new Database(TestDatabases.fresh().dataSource()).jdbc();
        acme = jdbc.sql("INSERT INTO sellers (code, name, currency, status, created_at, updated_at) "
                + "VALUES ('ACME', 'Acme', 'USD', 'ACTIVE', now(), now()) RETURNING id").query(Long.class).single();
    }

    private static void seller(String code, String name, String currency, String status, String reason) {
        jdbc.sql("INSERT INTO sellers (code, name, currency, status, suspension_reason, created_at, updated_at) "
                        + "VALUES (:code, :name, :currency, :status, :reason, now(), now())")
                .param("code", code).param("name", name).param("currency", currency).param("status", status)
                .param("reason", reason).update();
    }

    private static void user(String name, String roles, Long sellerId, String hash) {
        jdbc.sql("INSERT INTO users (name, roles, seller_id, token_hash, token_hint, status, created_at) "
                        + "VALUES (:name, CAST(:roles AS text[]), :seller, :hash, 'bzr_xxxx', 'ACTIVE', now())")
                .param("name", name).param("roles", roles).param("seller", sellerId).param("hash", hash).update();
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme2", "1ACME", "A", "A B"})
    void sellerCodesMustHaveTheDomainFormat(String code) {
        assertThatThrownBy(() -> seller(code, "x", "USD", "ACTIVE", null))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("sellers_code_format");
    }

    @Test
    void sellerCodesAreUnique() {
        assertThatThrownBy(() -> seller("ACME", "Acme again", "USD", "ACTIVE", null))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("sellers_code_unique");
    }

    @Test
    void aSuspendedSellerHasAReasonAndAnActiveOneHasNone() {
        assertThatThrownBy(() -> seller("SUSP", "x", "USD", "SUSPENDED", null))
                .hasMessageContaining("sellers_suspension_reason");
        assertThatThrownBy(() -> seller("ACTV", "x", "USD", "ACTIVE", "why"))
                .hasMessageContaining("sellers_suspension_reason");
    }

    @Test
    void namesAreTrimmedAndNotEmpty() {
        assertThatThrownBy(() -> seller("BLANK", "", "USD", "ACTIVE", null)).hasMessageContaining("sellers_name_valid");
        assertThatThrownBy(() -> seller("PAD", " Pad ", "USD", "ACTIVE", null)).hasMessageContaining("sellers_name_valid");
    }

    @Test
    void aSellerUserMustBeBoundToASeller() {
        assertThatThrownBy(() -> user("s1", "{seller}", null, "a".repeat(64)))
                .hasMessageContaining("users_seller_binding");
    }

    @Test
    void onlySellerUsersAreBoundToASeller() {
        assertThatThrownBy(() -> user("s2", "{operator}", acme, "b".repeat(64)))
                .hasMessageContaining("users_seller_binding");
    }

    @Test
    void theSellerRoleIsExclusive() {
        assertThatThrownBy(() -> user("s3", "{seller,finance}", acme, "c".repeat(64)))
                .hasMessageContaining("users_seller_role_exclusive");
    }

    @Test
    void rolesMustBeKnownDistinctAndPresent() {
        assertThatThrownBy(() -> user("r1", "{root}", null, "d".repeat(64))).hasMessageContaining("users_roles_valid");
        assertThatThrownBy(() -> user("r2", "{admin,admin}", null, "e".repeat(64))).hasMessageContaining("users_roles_valid");
        assertThatThrownBy(() -> user("r3", "{}", null, "f".repeat(64))).hasMessageContaining("users_roles_valid");
    }

    @Test
    void tokenHashesAreUniqueAndWellFormed() {
        assertThatCode(() -> user("t1", "{sre}", null, "1".repeat(64))).doesNotThrowAnyException();
        assertThatThrownBy(() -> user("t2", "{sre}", null, "1".repeat(64))).hasMessageContaining("users_token_hash_unique");
        assertThatThrownBy(() -> user("t3", "{sre}", null, "not-a-hash".repeat(6) + "abcd"))
                .hasMessageContaining("users_token_hash_format");
    }

    @Test
    void theInstallationIsInitialisedOnce() {
        jdbc.sql("INSERT INTO installation (id, initialised_at) VALUES (1, now())").update();
        assertThatThrownBy(() -> jdbc.sql("INSERT INTO installation (id, initialised_at) VALUES (1, now())").update())
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.sql("INSERT INTO installation (id, initialised_at) VALUES (2, now())").update())
                .isInstanceOf(DataIntegrityViolationException.class);
    }
}
