package com.bazaar.reconciliation.settlement;

import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import com.bazaar.reconciliation.settlement.SettlementRecord.Type;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import java.util.stream.LongStream;

import static com.bazaar.reconciliation.settlement.Parsed.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** Bazaar's own settlement CSV: every data line becomes one record or one problem on its spreadsheet row. */
class GenericSettlementParserTest {

    private static final CurrencyCode USD = CurrencyCode.of("USD");
    private static final CurrencyCode JPY = CurrencyCode.of("JPY");
    private static final CurrencyCode KWD = CurrencyCode.of("KWD");

    // Columns in their own order, names in mixed case. Row 10 is blank; row 11 holds a line break inside quotes,
    // so the rows after it are numbered one less than the text lines.
    private static final String FILE = """
            Provider_Reference,TYPE,gross,fee,net,currency,booking_date,merchant_reference,payout_id,exchange_rate
            pay-1,PAYMENT,12.99,0.68,12.31,USD,2026-11-20,5001,po-77,
            ref-1,REFUND,-5.00,0.00,-5.00,usd,2026-11-21,5001,po-77,
            cb-1,chargeback,-12.99,15.00,-27.99,USD,2026-11-22,5002,po-77,
            fee-1,FEE,-2.50,0.00,-2.50,USD,2026-11-30,,po-77,
            adj-1,ADJUSTMENT,1.25,0.00,1.25,USD,2026-11-30,,po-77,
            po-77,PAYOUT,-1000.00,0.00,-1000.00,USD,2026-12-01,,po-77,
            jp-1,PAYMENT,1200,40,1160,JPY,2026-11-20,5003,po-78,0.0067
            kw-1,PAYMENT,10.125,0.250,9.875,KWD,2026-11-20,"5004, gift",po-79,3.2571

            ml-1,PAYMENT,1.00,0.00,1.00,USD,2026-11-20,"two
            lines",,
            bad-1,PAYMENT,12.999,0.00,12.99,USD,2026-11-20,5005,,
            bad-2,PAYMENT,1200.5,0,1200,JPY,2026-11-20,5006,,
            bad-3,SALE,1.00,0.00,1.00,USD,2026-11-20,,,
            bad-4,PAYMENT,1.00,0.00,1.00,USD,2026-02-30,,,
            ,PAYMENT,1.00,0.00,1.00,USD,2026-11-20,,,
            bad-6,PAYMENT,1.00,0.00,1.00,USD,2026-11-20
            bad-7,PAYMENT,1.00,0.10,0.95,USD,2026-11-20,,,
            bad-8,PAYMENT,1.00,0.00,1.00,USD,2026-11-20,caf<FF>,,
            bad-9,PAYMENT,1.0001,0.000,1.0001,KWD,2026-11-20,,,
            """;

    private final Parsed parsed = parse(new GenericSettlementParser(), Parsed.utf8(FILE));

    @Test
    void everyDataLineBecomesExactlyOneRecordOrOneProblem() {
        assertThat(parsed.records()).hasSize(9);
        assertThat(parsed.problems()).hasSize(9);
        assertThat(parsed.lines()).containsExactlyElementsOf(
                LongStream.rangeClosed(2, 20).filter(l -> l != 10).boxed().toList());
    }

    @Test
    void aPaymentLineIsReadInMinorUnitsWithItsReferencesAndDate() {
        assertThat(parsed.record(2)).isEqualTo(new SettlementRecord(2, "pay-1", Optional.of("5001"), Type.PAYMENT,
                Money.of(1299, USD), Money.of(68, USD), Money.of(1231, USD), Optional.empty(),
                LocalDate.of(2026, 11, 20), Optional.of("po-77")));
    }

    @Test
    void eachTypeIsReadCaseInsensitivelyAndNegativeAmountsKeepTheirSign() {
        assertThat(parsed.record(3).type()).isEqualTo(Type.REFUND);
        assertThat(parsed.record(3).gross()).isEqualTo(Money.of(-500, USD));
        assertThat(parsed.record(4).type()).isEqualTo(Type.CHARGEBACK);
        assertThat(parsed.record(4).net()).isEqualTo(Money.of(-2799, USD));
        assertThat(parsed.record(5).type()).isEqualTo(Type.FEE);
        assertThat(parsed.record(5).merchantReference()).isEmpty();
        assertThat(parsed.record(6).type()).isEqualTo(Type.ADJUSTMENT);
        assertThat(parsed.record(7).type()).isEqualTo(Type.PAYOUT);
        assertThat(parsed.record(7).net()).isEqualTo(Money.of(-100_000, USD));
    }

    @Test
    void amountsUseTheCurrencysExponentAndTheExchangeRateStaysExact() {
        SettlementRecord yen = parsed.record(8);
        assertThat(yen.gross()).isEqualTo(Money.of(1200, JPY));
        assertThat(yen.net()).isEqualTo(Money.of(1160, JPY));
        assertThat(yen.exchangeRate()).contains(new BigDecimal("0.0067"));
        SettlementRecord dinar = parsed.record(9);
        assertThat(dinar.gross()).isEqualTo(Money.of(10_125, KWD));
        assertThat(dinar.fee()).isEqualTo(Money.of(250, KWD));
        assertThat(dinar.net()).isEqualTo(Money.of(9_875, KWD));
        assertThat(dinar.exchangeRate().orElseThrow().toPlainString()).isEqualTo("3.2571");
    }

    @Test
    void quotedFieldsKeepTheirCommasAndLineBreaksAndTheRowCountsAsOneLine() {
        assertThat(parsed.record(9).merchantReference()).contains("5004, gift");
        assertThat(parsed.record(11).merchantReference()).contains("two\nlines");
        assertThat(parsed.record(11).payoutId()).isEmpty();
    }

    @Test
    void tooManyDecimalsForTheCurrencyIsAProblemNotARounding() {
        assertThat(parsed.problem(12).reason()).contains("gross").contains("12.999").contains("more decimals")
                .contains("USD");
        assertThat(parsed.problem(13).reason()).contains("1200.5").contains("JPY").contains("(0)");
        assertThat(parsed.problem(20).reason()).contains("1.0001").contains("KWD").contains("(3)");
    }

    @Test
    void anUnknownTypeIsAProblemNamingTheKnownTypes() {
        assertThat(parsed.problem(14).reason()).contains("unknown type 'SALE'").contains("PAYMENT, REFUND");
    }

    @Test
    void aDayThatDoesNotExistIsABadDate() {
        assertThat(parsed.problem(15).reason()).contains("booking_date").contains("bad date '2026-02-30'");
    }

    @Test
    void aMissingRequiredValueIsNamed() {
        assertThat(parsed.problem(16).reason()).isEqualTo("provider_reference: missing required value");
    }

    @Test
    void aLineWithTooFewColumnsIsAProblemWithItsRawText() {
        ParseProblem problem = parsed.problem(17);
        assertThat(problem.reason()).contains("wrong column count").contains("10").contains("7");
        assertThat(problem.raw()).isEqualTo("bad-6,PAYMENT,1.00,0.00,1.00,USD,2026-11-20");
    }

    @Test
    void netMustEqualGrossMinusFee() {
        assertThat(parsed.problem(18).reason()).startsWith("net does not equal gross - fee")
                .contains("1.00 - 0.10 = 0.90, but net is 0.95");
    }

    @Test
    void bytesThatAreNotUtf8MakeTheLineUnreadable() {
        assertThat(parsed.problem(19).reason()).contains("not valid UTF-8");
    }

    @Test
    void aLineWithSeveralProblemsNamesThemAllInOneProblem() {
        Parsed p = parse(new GenericSettlementParser(), """
                provider_reference,type,gross,fee,net,currency,booking_date
                x,SALE,1.001,0.00,1.00,USD,20-11-2026
                """);
        assertThat(p.problems()).hasSize(1);
        assertThat(p.problem(2).reason()).contains("unknown type").contains("more decimals").contains("bad date");
    }

    @Test
    void anAmountBeyondTheLimitOrNotInAsciiDigitsIsAProblemOfItsLineAndTheRestIsRead() {
        Parsed p = parse(new GenericSettlementParser(), """
                provider_reference,type,gross,fee,net,currency,booking_date
                a,PAYMENT,92233720368547758.07,0.00,92233720368547758.07,USD,2026-11-20
                b,PAYMENT,10000000000000.00,-10000000000000.00,20000000000000.00,USD,2026-11-20
                c,PAYMENT,１.00,0.00,1.00,USD,2026-11-20
                d,PAYMENT,10000000000000.00,0.00,10000000000000.00,USD,2026-11-20
                """);
        assertThat(p.problem(2).reason()).contains("gross: amount 92233720368547758.07 USD is beyond the limit of"
                + " 10000000000000.00 USD");
        assertThat(p.problem(3).reason()).contains("beyond the limit");
        assertThat(p.problem(4).reason()).contains("written with the digits 0-9");
        assertThat(p.record(5).gross().minor()).isEqualTo(1_000_000_000_000_000L);
    }

    @Test
    void optionalColumnsMayBeLeftOutAndEmptyRowsAreSkipped() {
        Parsed p = parse(new GenericSettlementParser(), """
                provider_reference,type,gross,fee,net,currency,booking_date
                a,PAYMENT,1.00,0.00,1.00,USD,2026-11-20
                ,,,,,,
                b,PAYMENT,2.00,0.00,2.00,USD,2026-11-20
                """);
        assertThat(p.problems()).isEmpty();
        assertThat(p.lines()).containsExactly(2L, 4L);
        assertThat(p.record(2).merchantReference()).isEmpty();
        assertThat(p.record(2).exchangeRate()).isEmpty();
    }

    @Test
    void aByteOrderMarkAndCrlfLineEndsAreRead() {
        Parsed p = parse(new GenericSettlementParser(), "\uFEFFprovider_reference,type,gross,fee,net,currency,"
                + "booking_date\r\na,PAYMENT,1.00,0.00,1.00,USD,2026-11-20\r\n\r\nb,REFUND,-1.00,0.00,-1.00,USD,"
                + "2026-11-21\r\n");
        assertThat(p.problems()).isEmpty();
        assertThat(p.lines()).containsExactly(2L, 4L);
        assertThat(p.record(4).bookingDate()).isEqualTo(LocalDate.of(2026, 11, 21));
    }

    @Test
    void anUnknownColumnRefusesTheFileWithOneProblemOnTheHeader() {
        Parsed p = parse(new GenericSettlementParser(), """
                provider_reference,type,gross,fee,net,currency,booking_date,colour
                a,PAYMENT,1.00,0.00,1.00,USD,2026-11-20,red
                b,PAYMENT,oops,0.00,1.00,USD,2026-11-20,red
                """);
        assertThat(p.records()).isEmpty();
        assertThat(p.problems()).hasSize(1);
        assertThat(p.problem(1).reason()).contains("unknown column: colour").contains("provider_reference");
    }

    @Test
    void aMissingRequiredColumnRefusesTheFileWithOneProblemOnTheHeader() {
        Parsed p = parse(new GenericSettlementParser(), """
                provider_reference,type,gross,net,currency,booking_date
                a,PAYMENT,1.00,1.00,USD,2026-11-20
                """);
        assertThat(p.records()).isEmpty();
        assertThat(p.problems()).singleElement()
                .satisfies(problem -> assertThat(problem.reason()).isEqualTo("missing required column: fee"));
    }

    @Test
    void aColumnNamedTwiceRefusesTheFile() {
        Parsed p = parse(new GenericSettlementParser(), """
                provider_reference,type,gross,fee,net,currency,booking_date,GROSS
                a,PAYMENT,1.00,0.00,1.00,USD,2026-11-20,1.00
                """);
        assertThat(p.records()).isEmpty();
        assertThat(p.problem(1).reason()).contains("named more than once").contains("GROSS");
    }

    @Test
    void anEmptyFileIsOneProblem() {
        Parsed p = parse(new GenericSettlementParser(), "");
        assertThat(p.records()).isEmpty();
        assertThat(p.problem(1).reason()).contains("empty");
    }

    @Test
    void aHeaderOnlyFileHasNothingToReport() {
        Parsed p = parse(new GenericSettlementParser(),
                "provider_reference,type,gross,fee,net,currency,booking_date\n");
        assertThat(p.records()).isEmpty();
        assertThat(p.problems()).isEmpty();
    }
}
