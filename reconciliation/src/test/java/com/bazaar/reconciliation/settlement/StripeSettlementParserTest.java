package com.bazaar.reconciliation.settlement;

import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import com.bazaar.reconciliation.settlement.SettlementRecord.Type;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Optional;
import java.util.stream.LongStream;

import static com.bazaar.reconciliation.settlement.Parsed.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** Stripe's itemized balance-transaction export, mapped onto settlement records line by line. */
class StripeSettlementParserTest {

    private static final CurrencyCode USD = CurrencyCode.of("USD");
    private static final CurrencyCode JPY = CurrencyCode.of("JPY");
    private static final CurrencyCode KWD = CurrencyCode.of("KWD");

    // customer_facing_amount is a Stripe column the parser does not use: it is ignored. Row 13 is blank.
    private static final String FILE = """
            balance_transaction_id,created,available_on,currency,gross,fee,net,reporting_category,source_id,charge_id,automatic_payout_id,description,customer_facing_amount,payment_metadata[bazaar_payment]
            txn_1,2026-11-20 13:45:10,2026-11-22 00:00:00,usd,12.99,0.68,12.31,charge,ch_1,ch_1,po_1,"Order 5001, 2 items",12.99,5001
            txn_2,2026-11-21 09:00:00,2026-11-23 00:00:00,usd,-5.00,0.00,-5.00,refund,re_1,ch_1,po_1,bazaar:5001,-5.00,
            txn_3,2026-11-22 10:00:00,2026-11-24 00:00:00,usd,-12.99,15.00,-27.99,dispute,dp_1,ch_2,po_1,bazaar:5002,,
            txn_4,2026-11-23 00:10:00,2026-11-25 00:00:00,usd,-2.00,0.00,-2.00,fee,,,po_1,"Radar fees, November",,
            txn_5,2026-11-23 00:20:00,2026-11-25 00:00:00,usd,-0.12,0.00,-0.12,network_cost,,,po_1,Card network cost,,
            txn_6,,2026-11-25 00:00:00,usd,3.00,0.00,3.00,other_adjustment,adj_1,,po_1,bazaar:,,
            txn_7,2026-11-26 07:00:00,2026-11-26 07:00:00,usd,-1000.00,0.00,-1000.00,payout,po_9,,,STRIPE PAYOUT,,
            txn_8,2026-11-20 14:00:00,2026-11-22 00:00:00,jpy,1200,40,1160,charge,ch_3,ch_3,po_2,,1200,5003
            txn_9,2026-11-20 15:00:00,2026-11-22 00:00:00,kwd,10.125,0.250,9.875,charge,ch_4,ch_4,po_3,,10.125,5004
            txn_10,2026-11-27 08:00:00,2026-11-29 00:00:00,usd,12.99,0.00,12.99,dispute_reversal,dp_1,ch_2,po_1,,,5002
            txn_11,2026-11-27 09:00:00,2026-11-29 00:00:00,usd,-3.00,-0.09,-2.91,refund,re_2,ch_5,po_1,bazaar:5008,,

            txn_12,2026-11-20 13:45:10,2026-11-22 00:00:00,usd,12.999,0.68,12.319,charge,ch_6,ch_6,po_1,,,5009
            txn_13,2026-11-20 13:45:10,2026-11-22 00:00:00,jpy,1200.5,40,1160.5,charge,ch_7,ch_7,po_2,,,5010
            txn_14,2026-13-01 00:00:00,2026-11-22 00:00:00,usd,1.00,0.00,1.00,charge,ch_8,ch_8,po_1,,,5011
            ,2026-11-20 13:45:10,2026-11-22 00:00:00,usd,1.00,0.00,1.00,charge,ch_9,ch_9,po_1,,,5012
            txn_16,2026-11-20 13:45:10,2026-11-22 00:00:00,usd,1.00,0.00,1.00,charge
            txn_17,2026-11-20 13:45:10,2026-11-22 00:00:00,usd,10.00,0.59,9.40,charge,ch_10,ch_10,po_1,,,5013
            txn_18,2026-11-20 13:45:10,2026-11-22 00:00:00,usd,1.00,0.00,1.00,charge,ch_11,ch_11,po_1,caf<FF>,,5014
            txn_19,2026-11-20 13:45:10,2026-11-22 00:00:00,usx,1.00,0.00,1.00,charge,ch_12,ch_12,po_1,,,5015
            txn_20,2026-11-20 13:45:10,2026-11-22 00:00:00,usd,1.00,0.00,1.00,,ch_13,ch_13,po_1,,,5016
            txn_21,2026-11-20 13:45:10,2026-11-22 00:00:00,kwd,1.0005,0.000,1.0005,charge,ch_14,ch_14,po_3,,,5017
            """;

    private final Parsed parsed = parse(new StripeSettlementParser(), Parsed.utf8(FILE));

    @Test
    void everyDataLineBecomesExactlyOneRecordOrOneProblem() {
        assertThat(parsed.records()).hasSize(11);
        assertThat(parsed.problems()).hasSize(10);
        assertThat(parsed.lines()).containsExactlyElementsOf(
                LongStream.rangeClosed(2, 23).filter(l -> l != 13).boxed().toList());
    }

    @Test
    void aChargeIsAPaymentReferencedByItsBalanceTransactionAndPaymentMetadata() {
        assertThat(parsed.record(2)).isEqualTo(new SettlementRecord(2, "txn_1", Optional.of("5001"), Type.PAYMENT,
                Money.of(1299, USD), Money.of(68, USD), Money.of(1231, USD), Optional.empty(),
                LocalDate.of(2026, 11, 20), Optional.of("po_1"), Optional.of("ch_1"), Optional.of("ch_1")));
    }

    @Test
    void withoutMetadataTheMerchantReferenceComesFromABazaarDescriptionOnly() {
        assertThat(parsed.record(3).merchantReference()).contains("5001");
        assertThat(parsed.record(4).merchantReference()).contains("5002");
        assertThat(parsed.record(5).merchantReference()).isEmpty(); // "Radar fees, November"
        assertThat(parsed.record(7).merchantReference()).isEmpty(); // "bazaar:" names no payment
    }

    @Test
    void reportingCategoriesMapToTypesWithStripesSigns() {
        assertThat(parsed.record(3).type()).isEqualTo(Type.REFUND);
        assertThat(parsed.record(3).gross()).isEqualTo(Money.of(-500, USD));
        assertThat(parsed.record(4).type()).isEqualTo(Type.CHARGEBACK);
        assertThat(parsed.record(4).net()).isEqualTo(Money.of(-2799, USD));
        assertThat(parsed.record(5).type()).isEqualTo(Type.FEE);
        assertThat(parsed.record(5).gross()).isEqualTo(Money.of(-200, USD));
        assertThat(parsed.record(6).type()).isEqualTo(Type.FEE);
        assertThat(parsed.record(7).type()).isEqualTo(Type.ADJUSTMENT);
        assertThat(parsed.record(8).type()).isEqualTo(Type.PAYOUT);
        assertThat(parsed.record(11).type()).isEqualTo(Type.CHARGEBACK_REVERSAL);
        SettlementRecord refundWithFeeReturned = parsed.record(12);
        assertThat(refundWithFeeReturned.fee()).isEqualTo(Money.of(-9, USD));
        assertThat(refundWithFeeReturned.net()).isEqualTo(Money.of(-291, USD));
    }

    @Test
    void aDisputeReversalAndARefundFailureAreReversalsOfTheirOwnTypeAndOtherReversalsStayAdjustments() {
        Parsed p = parse(new StripeSettlementParser(), """
                balance_transaction_id,created,currency,gross,fee,net,reporting_category,automatic_payout_id,payment_metadata[bazaar_payment]
                txn_1,2026-11-27 08:00:00,usd,12.99,0.00,12.99,dispute_reversal,po_1,5002
                txn_2,2026-11-27 09:00:00,usd,5.00,0.00,5.00,refund_failure,po_1,5001
                txn_3,2026-11-27 10:00:00,usd,-2.00,0.00,-2.00,partial_capture_reversal,po_1,5003
                """);
        assertThat(p.problems()).isEmpty();
        assertThat(p.records()).extracting(SettlementRecord::type, r -> r.gross().minor(), r -> r.merchantReference())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Type.CHARGEBACK_REVERSAL, 1299L, Optional.of("5002")),
                        org.assertj.core.groups.Tuple.tuple(Type.REFUND_REVERSAL, 500L, Optional.of("5001")),
                        org.assertj.core.groups.Tuple.tuple(Type.ADJUSTMENT, -200L, Optional.of("5003")));
    }

    @Test
    void aPayoutLineBelongsToItsOwnPayout() {
        assertThat(parsed.record(8).payoutId()).contains("po_9");
        assertThat(parsed.record(8).net()).isEqualTo(Money.of(-100_000, USD));
    }

    @Test
    void theBookingDateIsTheDayOfCreatedElseOfAvailableOn() {
        assertThat(parsed.record(2).bookingDate()).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(parsed.record(7).bookingDate()).isEqualTo(LocalDate.of(2026, 11, 25));
    }

    @Test
    void lowerCaseCurrenciesAreReadWithTheirExponent() {
        assertThat(parsed.record(9).gross()).isEqualTo(Money.of(1200, JPY));
        assertThat(parsed.record(9).fee()).isEqualTo(Money.of(40, JPY));
        assertThat(parsed.record(10).gross()).isEqualTo(Money.of(10_125, KWD));
        assertThat(parsed.record(10).net()).isEqualTo(Money.of(9_875, KWD));
        assertThat(parsed.record(10).exchangeRate()).isEmpty();
    }

    @Test
    void tooManyDecimalsForTheCurrencyIsAProblem() {
        assertThat(parsed.problem(14).reason()).contains("gross: amount 12.999 has more decimals than USD allows");
        assertThat(parsed.problem(15).reason()).contains("1200.5").contains("JPY");
        assertThat(parsed.problem(23).reason()).contains("1.0005").contains("KWD");
    }

    @Test
    void aMonthThatDoesNotExistIsABadDate() {
        assertThat(parsed.problem(16).reason()).contains("created: bad date '2026-13-01 00:00:00'");
    }

    @Test
    void missingRequiredValuesAreNamed() {
        assertThat(parsed.problem(17).reason()).isEqualTo("balance_transaction_id: missing required value");
        assertThat(parsed.problem(22).reason()).isEqualTo("reporting_category: missing required value");
    }

    @Test
    void aShortLineIsAWrongColumnCount() {
        assertThat(parsed.problem(18).reason()).contains("wrong column count").contains("14").contains("8");
    }

    @Test
    void netMustEqualGrossMinusFee() {
        assertThat(parsed.problem(19).reason()).contains("net does not equal gross - fee");
    }

    @Test
    void invalidUtf8AndUnknownCurrenciesAreProblems() {
        assertThat(parsed.problem(20).reason()).contains("not valid UTF-8");
        assertThat(parsed.problem(21).reason()).contains("currency").contains("USX");
    }

    @Test
    void theUtcCreatedColumnIsPreferredAndOtherColumnsAreOptional() {
        Parsed p = parse(new StripeSettlementParser(), """
                balance_transaction_id,created_utc,created,currency,gross,fee,net,reporting_category
                txn_1,2026-11-20 23:30:00,2026-11-21 00:30:00,eur,1.00,0.00,1.00,charge
                """);
        assertThat(p.record(2).bookingDate()).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(p.record(2).merchantReference()).isEmpty();
        assertThat(p.record(2).payoutId()).isEmpty();
    }

    @Test
    void aHeaderWithoutAnyDateColumnRefusesTheFile() {
        Parsed p = parse(new StripeSettlementParser(), """
                balance_transaction_id,currency,gross,fee,net,reporting_category
                txn_1,usd,1.00,0.00,1.00,charge
                """);
        assertThat(p.records()).isEmpty();
        assertThat(p.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(1);
            assertThat(problem.reason()).contains("one of created_utc, created, available_on_utc, available_on");
        });
    }
}
