package com.bazaar.postgres;

import com.bazaar.domain.reconciliation.Reconciliations;
import com.bazaar.domain.reconciliation.SettlementLine;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import com.bazaar.testsupport.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * V20: a staged settlement line keeps the provider's charge and source ids (empty when the format has none), bounded
 * by the schema as the domain bounds them; a run's unreadable lines read back in line order.
 */
class SettlementLinesKeepTheProviderIdsTest {

    private static final CurrencyCode USD = CurrencyCode.of("USD");
    private static JdbcClient jdbc;
    private static JdbcReconciliations reconciliations;

    @BeforeAll
    static void setUp() {
        Database database = new Database(TestDatabases.fresh().dataSource());
        jdbc = database.jdbc();
        reconciliations = new JdbcReconciliations(database);
        reconciliations.begin(1, "stripe", "ab".repeat(32), "stripe.csv", Instant.parse("2026-11-25T09:00:00Z"));
    }

    private static SettlementLine line(long line, Optional<String> charge, Optional<String> source) {
        return new SettlementLine(line, "txn_" + line, Optional.of("5001"), "PAYMENT", Money.of(1000, USD),
                Money.of(59, USD), Money.of(941, USD), Optional.empty(), LocalDate.of(2026, 11, 20),
                Optional.of("po_1"), charge, source);
    }

    @Test
    void theChargeAndSourceIdsAreStagedWithTheLine() {
        reconciliations.stage(1, List.of(line(2, Optional.of("ch_1\"quoted, comma"), Optional.of("re_1")),
                line(3, Optional.empty(), Optional.empty())));
        assertThat(jdbc.sql("SELECT coalesce(charge_id, '-') || '|' || coalesce(source_id, '-') FROM settlement_lines"
                + " WHERE run_id = 1 ORDER BY line").query(String.class).list())
                .containsExactly("ch_1\"quoted, comma|re_1", "-|-");
    }

    @Test
    void anIdLongerThanTheDomainAllowsCannotBeStored() {
        assertThatThrownBy(() -> line(9, Optional.of("c".repeat(256)), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        for (String column : List.of("charge_id", "source_id")) {
            assertThatThrownBy(() -> jdbc.sql("INSERT INTO settlement_lines (run_id, line, provider_reference, type,"
                    + " gross_minor, fee_minor, net_minor, currency, booking_date, " + column + ") VALUES (1, 99, 'x',"
                    + " 'FEE', 0, 0, 0, 'USD', '2026-11-20', :id)").param("id", "c".repeat(256)).update())
                    .isInstanceOf(DataIntegrityViolationException.class)
                    .hasMessageContaining("settlement_lines_" + column + "_bounded");
        }
    }

    @Test
    void theUnreadableLinesReadBackInLineOrder() {
        reconciliations.begin(2, "generic", "cd".repeat(32), "g.csv", Instant.parse("2026-11-25T09:00:00Z"));
        reconciliations.problem(2, 7, "wrong column count", "a,b");
        reconciliations.problem(2, 3, "gross: bad", "t,x");
        assertThat(reconciliations.exists(2)).isTrue();
        assertThat(reconciliations.exists(3)).isFalse();
        assertThat(reconciliations.problemLines(2, 10)).containsExactly(
                new Reconciliations.Problem(3, "gross: bad", "t,x"),
                new Reconciliations.Problem(7, "wrong column count", "a,b"));
        assertThat(reconciliations.problemLines(2, 1)).hasSize(1);
    }
}
