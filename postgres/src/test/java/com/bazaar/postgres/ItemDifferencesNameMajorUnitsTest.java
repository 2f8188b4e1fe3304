package com.bazaar.postgres;

import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import com.bazaar.testsupport.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The amounts the classification SQL writes into an item's difference ({@code major[AMOUNT, CURRENCY]}) read exactly as
 * the domain writes the same {@link Money}: major units in the currency's own exponent (JPY 0, USD 2, KWD 3), then the
 * currency - for every ISO 4217 currency Bazaar accepts.
 */
class ItemDifferencesNameMajorUnitsTest {

    private static final long[] AMOUNTS = {0, 1, -1, 5, -500, 1299, 120_000, -10_125, Money.MAX_MINOR, -Money.MAX_MINOR};

    private static JdbcClient jdbc;

    @BeforeAll
    static void setUp() {
        jdbc = new Database(TestDatabases.fresh().dataSource()).jdbc();
    }

    @Test
    void everyCurrencyIsWrittenInItsOwnExponent() {
        List<CurrencyCode> currencies = Currency.getAvailableCurrencies().stream().map(Currency::getCurrencyCode)
                .filter(c -> c.matches("[A-Z]{3}") && Currency.getInstance(c).getDefaultFractionDigits() >= 0)
                .sorted().map(CurrencyCode::new).toList();
        assertThat(currencies).extracting(CurrencyCode::minorDigits).contains(0, 2, 3);
        for (CurrencyCode currency : currencies) {
            List<String> expected = new ArrayList<>();
            StringBuilder values = new StringBuilder();
            for (long amount : AMOUNTS) {
                expected.add(Money.of(amount, currency).toString());
                values.append(values.isEmpty() ? "" : ", ").append("(").append(expected.size()).append(", ")
                        .append(amount).append("::bigint, CAST('").append(currency.value()).append("' AS char(3)))");
            }
            List<String> written = jdbc.sql(JdbcReconciliations.majorUnits("SELECT major[amount, currency] FROM (VALUES "
                    + values + ") v(n, amount, currency) ORDER BY n")).query(String.class).list();
            assertThat(written).as(currency.value()).containsExactlyElementsOf(expected);
        }
    }
}
