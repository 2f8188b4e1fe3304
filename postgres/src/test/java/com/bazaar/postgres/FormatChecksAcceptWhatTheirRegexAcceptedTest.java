package com.bazaar.postgres;

import com.bazaar.testsupport.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V26 and V28 rewrote format checks without bounded regex repetitions (which PostgreSQL expands on every
 * evaluation); the rules must not move. Each check, as the schema now holds it, is evaluated against the regex it
 * replaced over edge cases and thousands of random values near the bounds and the alphabets.
 */
class FormatChecksAcceptWhatTheirRegexAcceptedTest {

    private static JdbcClient jdbc;

    @BeforeAll
    static void setUp() {
        jdbc = JdbcClient.create(TestDatabases.fresh().ownerDataSource());
    }

    /** The expression of a CHECK constraint as the schema holds it now, with {@code column} as its only column. */
    private static String check(String table, String constraint) {
        return jdbc.sql("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = :t::regclass"
                + " AND conname = :c").param("t", table).param("c", constraint).query(String.class).single();
    }

    private static List<String> values(String alphabet, int maxLength, long seed) {
        Random random = new Random(seed);
        List<String> values = new ArrayList<>(List.of("", " ", "\n", "é", "ä".repeat(64)));
        for (int i = 0; i < 4000; i++) {
            int length = random.nextInt(maxLength + 3);
            StringBuilder s = new StringBuilder();
            for (int j = 0; j < length; j++) {
                // mostly the allowed alphabet, sometimes a character outside it
                String outside = " /_ÿ\n\tZ-";
                s.append(random.nextInt(40) == 0 ? outside.charAt(random.nextInt(outside.length()))
                        : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            values.add(s.toString());
        }
        return values;
    }

    /** How many values the old regex and the constraint's expression (on column {@code column}) judge differently. */
    private static long disagreements(String expression, String column, String regex, List<String> values,
                                      String type) {
        String condition = expression.replaceFirst("^CHECK ", "");
        return jdbc.sql("SELECT count(*) FROM (SELECT v::" + type + " AS " + column + " FROM unnest(:vs) v) x"
                        + " WHERE (" + column + " ~ :regex) IS DISTINCT FROM coalesce(" + condition + ", false)")
                .param("vs", values.toArray(String[]::new)).param("regex", regex).query(Long.class).single();
    }

    @Test
    void theRewrittenChecksAcceptExactlyWhatTheRegexAccepted() {
        String hex = "0123456789abcdef";
        assertThat(disagreements(check("audit_chain_head", "audit_chain_head_hash_check"), "hash",
                "^[0-9a-f]{64}$", values(hex, 66, 1), "char(64)")).isZero();
        assertThat(disagreements(check("audit_log", "audit_log_mac_format").replace("mac IS NULL OR ", ""), "mac",
                "^[0-9a-f]{64}$", values(hex, 66, 2), "text")).isZero();
        assertThat(disagreements(check("orders", "orders_buyer_format"), "buyer", "^[A-Za-z0-9@._+-]{1,100}$",
                values("abcXYZ019@._+-", 102, 3), "text")).isZero();
        assertThat(disagreements(check("processed_events", "processed_events_consumer_check"), "consumer",
                "^[a-z][a-z0-9-]{0,62}$", values("abz09-", 65, 4), "text")).isZero();
        assertThat(disagreements(check("products", "products_sku_format"), "sku", "^[A-Za-z0-9._-]{1,64}$",
                values("aZ09._-", 66, 5), "text")).isZero();
    }
}
