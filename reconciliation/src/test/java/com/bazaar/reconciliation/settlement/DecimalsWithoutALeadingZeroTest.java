package com.bazaar.reconciliation.settlement;

import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.Optional;

import static com.bazaar.reconciliation.settlement.Parsed.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Providers write amounts below 1 without the leading zero (Adyen: {@code .91}, {@code -.11}) and sometimes with a
 * plus sign: every format reads them, in amounts and exchange rates alike, and still refuses what is not a number.
 */
class DecimalsWithoutALeadingZeroTest {

    private static final CurrencyCode USD = CurrencyCode.of("USD");

    @Test
    void theProviderFormsBecomePlainDecimals() {
        assertThat(CsvSettlementParser.plainDecimal(".91")).contains("0.91");
        assertThat(CsvSettlementParser.plainDecimal("-.11")).contains("-0.11");
        assertThat(CsvSettlementParser.plainDecimal("+.5")).contains("0.5");
        assertThat(CsvSettlementParser.plainDecimal("+12.50")).contains("12.50");
        assertThat(CsvSettlementParser.plainDecimal("-0.11")).contains("-0.11");
        assertThat(CsvSettlementParser.plainDecimal("1200")).contains("1200");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "-.", "+.", "+", "-", "1.2.3", "12.", "1e5", ".5e1", "1E+11", "--.5", "+-1",
            ". 5", "0x10", "\uff11.5", "1,5", "∞"})
    void whatIsNotADecimalStaysRefused(String text) {
        assertThat(CsvSettlementParser.plainDecimal(text)).isEmpty();
    }

    @Test
    void theGenericFormatReadsThemInAmountsAndRates() {
        Parsed p = parse(new GenericSettlementParser(), """
                provider_reference,merchant_reference,type,gross,fee,net,currency,booking_date,payout_id,exchange_rate
                t1,5001,PAYMENT,.91,.11,.80,USD,2026-11-20,po1,.9215
                t2,5001,REFUND,-.50,+.00,-.5,USD,2026-11-20,po1,+1.25
                t3,5001,PAYMENT,.,0,.,USD,2026-11-20,po1,
                t4,5001,PAYMENT,1.2.3,0,1.2.3,USD,2026-11-20,po1,
                t5,5001,PAYMENT,1e2,0,1e2,USD,2026-11-20,po1,
                t6,5001,PAYMENT,.911,0,.911,USD,2026-11-20,po1,
                t7,5001,PAYMENT,1.00,0,1.00,USD,2026-11-20,po1,-.11
                t8,5001,PAYMENT,1.00,0,1.00,USD,2026-11-20,po1,.
                """);
        assertThat(p.record(2).gross()).isEqualTo(Money.of(91, USD));
        assertThat(p.record(2).fee()).isEqualTo(Money.of(11, USD));
        assertThat(p.record(2).net()).isEqualTo(Money.of(80, USD));
        assertThat(p.record(2).exchangeRate()).contains(new BigDecimal("0.9215"));
        assertThat(p.record(3).gross()).isEqualTo(Money.of(-50, USD));
        assertThat(p.record(3).fee()).isEqualTo(Money.zero(USD));
        assertThat(p.record(3).exchangeRate()).contains(new BigDecimal("1.25"));
        assertThat(p.problem(4).reason()).contains("gross: amount must be a plain decimal").contains("'.'");
        assertThat(p.problem(5).reason()).contains("'1.2.3'");
        assertThat(p.problem(6).reason()).contains("'1e2'");
        assertThat(p.problem(7).reason()).contains("more decimals than USD allows").contains("(written '.911')");
        assertThat(p.problem(8).reason()).contains("bad exchange rate '-.11'");
        assertThat(p.problem(9).reason()).contains("bad exchange rate '.'");
    }

    @Test
    void stripeReadsThem() {
        Parsed p = parse(new StripeSettlementParser(), """
                balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category
                txn_1,2026-11-20 10:00:00,usd,.91,.03,.88,charge
                txn_2,2026-11-20 10:00:00,usd,-.11,0.00,-.11,fee
                txn_3,2026-11-20 10:00:00,usd,-.,0.00,-.,fee
                """);
        assertThat(p.record(2).gross()).isEqualTo(Money.of(91, USD));
        assertThat(p.record(2).net()).isEqualTo(Money.of(88, USD));
        assertThat(p.record(3).net()).isEqualTo(Money.of(-11, USD));
        assertThat(p.problem(4).reason()).contains("'-.'");
    }

    @Test
    void adyenReadsThemInAmountsFeesAndTheExchangeRate() {
        String header = "Psp Reference,Merchant Reference,Creation Date,Type,Modification Reference,Gross Currency,"
                + "Gross Debit (GC),Gross Credit (GC),Exchange Rate,Net Currency,Net Debit (NC),Net Credit (NC),"
                + "Commission (NC),Markup (NC),Scheme Fees (NC),Interchange (NC),Batch Number\n";
        Parsed p = parse(new AdyenSettlementParser(), header
                + "881,5001,2026-11-20 10:00:00,Settled,m1,USD,,.91,1,USD,,.80,.01,.05,,.05,42\n"
                + "882,5002,2026-11-20 10:00:00,ChargebackReversed,m2,USD,,.50,1,USD,,.50,,,,,42\n"
                + "883,5003,2026-11-20 10:00:00,Settled,m3,EUR,,.50,.9215,USD,,.44,.02,,,,42\n"
                + "884,5004,2026-11-20 10:00:00,Settled,m4,EUR,,.50,-.9215,USD,,.44,.02,,,,42\n");
        assertThat(p.record(2).gross()).isEqualTo(Money.of(91, USD));
        assertThat(p.record(2).fee()).isEqualTo(Money.of(11, USD));
        assertThat(p.record(2).net()).isEqualTo(Money.of(80, USD));
        assertThat(p.record(3).net()).isEqualTo(Money.of(50, USD));
        assertThat(p.record(4).exchangeRate()).isEqualTo(Optional.of(new BigDecimal("0.9215")));
        assertThat(p.record(4).net()).isEqualTo(Money.of(44, USD));
        assertThat(p.problem(5).reason()).contains("bad exchange rate '-.9215'");
    }
}
