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

/** Adyen's Settlement Details Report, mapped onto settlement records line by line. */
class AdyenSettlementParserTest {

    private static final CurrencyCode USD = CurrencyCode.of("USD");
    private static final CurrencyCode JPY = CurrencyCode.of("JPY");
    private static final CurrencyCode KWD = CurrencyCode.of("KWD");

    // The SDR's columns in Adyen's order. Rows 2-12 are good (payment-level bookings, then batch-level ones, then
    // other currencies); row 13 is blank; rows 14-23 each hold one class of problem.
    private static final String FILE = """
            Company Account,Merchant Account,Psp Reference,Merchant Reference,Payment Method,Creation Date,TimeZone,Type,Modification Reference,Gross Currency,Gross Debit (GC),Gross Credit (GC),Exchange Rate,Net Currency,Net Debit (NC),Net Credit (NC),Commission (NC),Markup (NC),Scheme Fees (NC),Interchange (NC),Payment Method Variant,Batch Number
            Bazaar,BazaarUS,8815000000000001,5001,visa,2026-11-20 13:45:10,CET,Settled,8815000000000101,USD,,100.00,1,USD,,98.00,,0.50,0.32,1.18,visacredit,42
            Bazaar,BazaarUS,8815000000000001,5001,visa,2026-11-21 10:00:00,CET,Refunded,8815000000000111,USD,25.00,,1,USD,25.10,,0.10,,,,visacredit,42
            Bazaar,BazaarUS,8815000000000002,5002,mc,2026-11-22 11:00:00,CET,Chargeback,8815000000000112,USD,100.00,,1,USD,115.00,,15.00,,,,mccredit,42
            Bazaar,BazaarUS,,,,2026-11-23 04:55:40,CET,Fee,Transaction Fees November 2026,,,,,USD,5.00,,,,,,,42
            Bazaar,BazaarUS,,,,2026-11-23 04:56:00,CET,MiscCosts,"Chargeback handling, case 77",,,,,USD,1.50,,,,,,,42
            Bazaar,BazaarUS,,,,2026-11-23 04:57:00,CET,InvoiceDeduction,Invoice 2026-11,,,,,USD,20.00,,,,,,,42
            Bazaar,BazaarUS,,,,2026-11-24 06:00:00,CET,MerchantPayout,TX2026112400042,,,,,USD,1000.00,,,,,,,42
            Bazaar,BazaarUS,,,,2026-11-24 06:01:00,CET,DepositCorrection,Deposit correction,,,,,USD,,7.00,,,,,,42
            Bazaar,BazaarJP,8815000000000003,5003,jcb,2026-11-20 09:00:00,JST,Settled,8815000000000103,JPY,,1200,1,JPY,,1170,10,,,20,jcb,7
            Bazaar,BazaarKW,8815000000000004,5004,visa,2026-11-20 09:30:00,AST,Settled,8815000000000104,KWD,,10.125,1,KWD,,9.875,0.250,,,,visadebit,9
            Bazaar,BazaarUS,8815000000000005,"5005, gift order",visa,2026-11-20 16:00:00,CET,Settled,8815000000000105,EUR,,50.00,1.0812345,USD,,52.56,1.50,,,,visacredit,42

            Bazaar,BazaarUS,8815000000000006,5006,visa,2026-11-20 16:00:00,CET,Settled,8815000000000106,USD,,1.001,1,USD,,1.00,,,,,visacredit,42
            Bazaar,BazaarUS,8815000000000007,5007,visa,2026/11/20 16:00:00,CET,Settled,8815000000000107,USD,,1.00,1,USD,,1.00,,,,,visacredit,42
            Bazaar,BazaarUS,8815000000000008,5008,visa,2026-11-20 16:00:00,CET,,8815000000000108,USD,,1.00,1,USD,,1.00,,,,,visacredit,42
            Bazaar,BazaarUS,8815000000000009,5009,visa,2026-11-20 16:00:00,CET,Settled,8815000000000109,USD,,1.00,1,,,1.00,,,,,visacredit,42
            Bazaar,BazaarUS,8815000000000010,5010,visa,2026-11-20 16:00:00,CET,Settled,8815000000000110,USD,,1.00,1,USD,,1.00
            Bazaar,BazaarUS,8815000000000011,5011,visa,2026-11-20 16:00:00,CET,Settled,8815000000000111,USD,,100.00,1,USD,,97.00,2.00,,,,visacredit,42
            Bazaar,Bazaar<FF>US,8815000000000012,5012,visa,2026-11-20 16:00:00,CET,Settled,8815000000000112,USD,,1.00,1,USD,,1.00,,,,,visacredit,42
            Bazaar,BazaarUS,8815000000000013,5013,visa,2026-11-20 16:00:00,CET,Settled,8815000000000113,EUR,,50.00,,USD,,52.56,1.50,,,,visacredit,42
            Bazaar,BazaarUS,8815000000000014,5014,visa,2026-11-20 16:00:00,CET,Settled,8815000000000114,EUR,,50.00,"1,08",USD,,52.56,1.50,,,,visacredit,42
            Bazaar,BazaarKW,8815000000000015,5015,visa,2026-11-20 09:30:00,AST,Settled,8815000000000115,KWD,,10.125,1,KWD,,9.8751,0.250,,,,visadebit,9
            """;

    private final Parsed parsed = parse(new AdyenSettlementParser(), Parsed.utf8(FILE));

    @Test
    void everyDataLineBecomesExactlyOneRecordOrOneProblem() {
        assertThat(parsed.records()).hasSize(11);
        assertThat(parsed.problems()).hasSize(10);
        assertThat(parsed.lines()).containsExactlyElementsOf(
                LongStream.rangeClosed(2, 23).filter(l -> l != 13).boxed().toList());
    }

    @Test
    void aSettledLineIsAPaymentWhoseFeeSumsTheFourCostColumns() {
        assertThat(parsed.record(2)).isEqualTo(new SettlementRecord(2, "8815000000000001", Optional.of("5001"),
                Type.PAYMENT, Money.of(10_000, USD), Money.of(200, USD), Money.of(9_800, USD), Optional.empty(),
                LocalDate.of(2026, 11, 20), Optional.of("batch-42")));
    }

    @Test
    void refundsAndChargebacksAreNegativeDebits() {
        SettlementRecord refund = parsed.record(3);
        assertThat(refund.type()).isEqualTo(Type.REFUND);
        assertThat(refund.providerReference()).isEqualTo("8815000000000001");
        assertThat(refund.gross()).isEqualTo(Money.of(-2_500, USD));
        assertThat(refund.fee()).isEqualTo(Money.of(10, USD));
        assertThat(refund.net()).isEqualTo(Money.of(-2_510, USD));
        SettlementRecord chargeback = parsed.record(4);
        assertThat(chargeback.type()).isEqualTo(Type.CHARGEBACK);
        assertThat(chargeback.gross()).isEqualTo(Money.of(-10_000, USD));
        assertThat(chargeback.net()).isEqualTo(Money.of(-11_500, USD));
    }

    @Test
    void batchLevelLinesAreFeesPayoutsAndAdjustmentsReferencedByTheirModificationReference() {
        assertThat(parsed.record(5).type()).isEqualTo(Type.FEE);
        assertThat(parsed.record(5).providerReference()).isEqualTo("Transaction Fees November 2026");
        assertThat(parsed.record(5).merchantReference()).isEmpty();
        assertThat(parsed.record(5).gross()).isEqualTo(Money.of(-500, USD));
        assertThat(parsed.record(5).fee()).isEqualTo(Money.zero(USD));
        assertThat(parsed.record(5).net()).isEqualTo(Money.of(-500, USD));
        assertThat(parsed.record(6).type()).isEqualTo(Type.FEE);
        assertThat(parsed.record(6).providerReference()).isEqualTo("Chargeback handling, case 77");
        assertThat(parsed.record(7).type()).isEqualTo(Type.FEE);
        SettlementRecord payout = parsed.record(8);
        assertThat(payout.type()).isEqualTo(Type.PAYOUT);
        assertThat(payout.net()).isEqualTo(Money.of(-100_000, USD));
        assertThat(payout.payoutId()).contains("batch-42");
        assertThat(payout.bookingDate()).isEqualTo(LocalDate.of(2026, 11, 24));
        assertThat(parsed.record(9).type()).isEqualTo(Type.PAYMENT_CORRECTION);
        assertThat(parsed.record(9).net()).isEqualTo(Money.of(700, USD));
    }

    @Test
    void yenAndDinarAreReadWithTheirExponent() {
        SettlementRecord yen = parsed.record(10);
        assertThat(yen.gross()).isEqualTo(Money.of(1_200, JPY));
        assertThat(yen.fee()).isEqualTo(Money.of(30, JPY));
        assertThat(yen.net()).isEqualTo(Money.of(1_170, JPY));
        assertThat(yen.payoutId()).contains("batch-7");
        SettlementRecord dinar = parsed.record(11);
        assertThat(dinar.gross()).isEqualTo(Money.of(10_125, KWD));
        assertThat(dinar.fee()).isEqualTo(Money.of(250, KWD));
        assertThat(dinar.net()).isEqualTo(Money.of(9_875, KWD));
        assertThat(dinar.exchangeRate()).isEmpty();
    }

    @Test
    void aConvertedPaymentIsExpressedInTheNetCurrencyWithTheExactRate() {
        SettlementRecord converted = parsed.record(12);
        assertThat(converted.merchantReference()).contains("5005, gift order");
        assertThat(converted.gross()).isEqualTo(Money.of(5_406, USD));
        assertThat(converted.fee()).isEqualTo(Money.of(150, USD));
        assertThat(converted.net()).isEqualTo(Money.of(5_256, USD));
        assertThat(converted.exchangeRate()).contains(new BigDecimal("1.0812345"));
        assertThat(converted.exchangeRate().orElseThrow().scale()).isEqualTo(7);
    }

    @Test
    void tooManyDecimalsForTheCurrencyIsAProblem() {
        assertThat(parsed.problem(14).reason()).contains("Gross Credit (GC): amount 1.001 has more decimals than USD");
        assertThat(parsed.problem(23).reason()).contains("Net Credit (NC): amount 9.8751 has more decimals than KWD");
    }

    @Test
    void aCreationDateNotWrittenYyyyMmDdIsABadDate() {
        assertThat(parsed.problem(15).reason()).contains("Creation Date: bad date '2026/11/20 16:00:00'");
    }

    @Test
    void missingRequiredValuesAreNamed() {
        assertThat(parsed.problem(16).reason()).isEqualTo("Type: missing required value");
        assertThat(parsed.problem(17).reason()).isEqualTo("Net Currency: missing required value");
    }

    @Test
    void aShortLineIsAWrongColumnCount() {
        assertThat(parsed.problem(18).reason()).contains("wrong column count").contains("22").contains("16");
    }

    @Test
    void netMustEqualGrossMinusFeeWhenBothAreInOneCurrency() {
        assertThat(parsed.problem(19).reason()).contains("net does not equal gross - fee")
                .contains("100.00 - 2.00 = 98.00, but net is 97.00");
    }

    @Test
    void bytesThatAreNotUtf8MakeTheLineUnreadable() {
        assertThat(parsed.problem(20).reason()).contains("not valid UTF-8");
    }

    @Test
    void aConversionNeedsAReadableExchangeRate() {
        assertThat(parsed.problem(21).reason()).contains("Exchange Rate: missing required value")
                .contains("EUR").contains("USD");
        assertThat(parsed.problem(22).reason()).contains("Exchange Rate: bad exchange rate '1,08'");
    }

    @Test
    void otherColumnsMayBeLeftOutAndOtherJournalTypesAreAdjustments() {
        Parsed p = parse(new AdyenSettlementParser(), """
                Psp Reference,Merchant Reference,Creation Date,Type,Gross Currency,Gross Debit (GC),Gross Credit (GC),Net Currency,Net Debit (NC),Net Credit (NC),Batch Number
                8815000000000020,5020,2026-11-20 16:00:00,SecondChargeback,USD,10.00,,USD,10.00,,
                """);
        assertThat(p.problems()).isEmpty();
        assertThat(p.record(2).type()).isEqualTo(Type.ADJUSTMENT);
        assertThat(p.record(2).fee()).isEqualTo(Money.zero(USD));
        assertThat(p.record(2).payoutId()).isEmpty();
    }

    @Test
    void reversalsAndDepositCorrectionsHaveTheirOwnTypesWithAdyensSigns() {
        // a chargeback and its reversal, a refund and its reversal (each carrying the payment's PSP reference), and
        // two DepositCorrection lines as Adyen documents them: batch-level, no PSP or merchant reference, a debit when
        // Adyen withholds more security deposit and a credit when it releases some
        Parsed p = parse(new AdyenSettlementParser(), """
                Company Account,Merchant Account,Psp Reference,Merchant Reference,Payment Method,Creation Date,TimeZone,Type,Modification Reference,Gross Currency,Gross Debit (GC),Gross Credit (GC),Exchange Rate,Net Currency,Net Debit (NC),Net Credit (NC),Commission (NC),Markup (NC),Scheme Fees (NC),Interchange (NC),Payment Method Variant,Batch Number
                Bazaar,BazaarUS,8815000000000002,5002,mc,2026-11-22 11:00:00,CET,Chargeback,8815000000000112,USD,100.00,,1,USD,115.00,,15.00,,,,mccredit,43
                Bazaar,BazaarUS,8815000000000002,5002,mc,2026-12-02 09:10:00,CET,ChargebackReversed,8815000000000212,USD,,100.00,1,USD,,100.00,,,,,mccredit,43
                Bazaar,BazaarUS,8815000000000001,5001,visa,2026-11-21 10:00:00,CET,Refunded,8815000000000111,USD,25.00,,1,USD,25.10,,0.10,,,,visacredit,43
                Bazaar,BazaarUS,8815000000000001,5001,visa,2026-11-28 10:00:00,CET,RefundedReversed,8815000000000311,USD,,25.00,1,USD,,25.00,,,,,visacredit,43
                Bazaar,BazaarUS,,,,2026-12-02 05:37:03,CET,DepositCorrection,Deposit Correction,USD,,,,USD,78.93,,,,,,,43
                Bazaar,BazaarUS,,,,2026-12-03 05:37:03,CET,depositcorrection,Deposit Correction,USD,,,,USD,,20.00,,,,,,43
                """);
        assertThat(p.problems()).isEmpty();
        assertThat(p.record(2).type()).isEqualTo(Type.CHARGEBACK);
        assertThat(p.record(3)).isEqualTo(new SettlementRecord(3, "8815000000000002", Optional.of("5002"),
                Type.CHARGEBACK_REVERSAL, Money.of(10_000, USD), Money.zero(USD), Money.of(10_000, USD),
                Optional.empty(), LocalDate.of(2026, 12, 2), Optional.of("batch-43")));
        assertThat(p.record(4).type()).isEqualTo(Type.REFUND);
        assertThat(p.record(5)).isEqualTo(new SettlementRecord(5, "8815000000000001", Optional.of("5001"),
                Type.REFUND_REVERSAL, Money.of(2_500, USD), Money.zero(USD), Money.of(2_500, USD),
                Optional.empty(), LocalDate.of(2026, 11, 28), Optional.of("batch-43")));
        assertThat(p.record(6)).isEqualTo(new SettlementRecord(6, "Deposit Correction", Optional.empty(),
                Type.PAYMENT_CORRECTION, Money.of(-7_893, USD), Money.zero(USD), Money.of(-7_893, USD),
                Optional.empty(), LocalDate.of(2026, 12, 2), Optional.of("batch-43")));
        assertThat(p.record(7).type()).as("type names are case-insensitive").isEqualTo(Type.PAYMENT_CORRECTION);
        assertThat(p.record(7).net()).isEqualTo(Money.of(2_000, USD));
    }

    @Test
    void aHeaderWithoutTheNetColumnsRefusesTheFile() {
        Parsed p = parse(new AdyenSettlementParser(), """
                Psp Reference,Merchant Reference,Creation Date,Type,Gross Currency,Gross Debit (GC),Gross Credit (GC),Net Currency,Batch Number
                8815000000000020,5020,2026-11-20 16:00:00,Settled,USD,,10.00,USD,1
                """);
        assertThat(p.records()).isEmpty();
        assertThat(p.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(1);
            assertThat(problem.reason()).isEqualTo("missing required columns: Net Debit (NC), Net Credit (NC)");
        });
    }
}
