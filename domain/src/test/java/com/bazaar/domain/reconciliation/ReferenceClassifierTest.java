package com.bazaar.domain.reconciliation;

import com.bazaar.domain.payment.PaymentStatus;
import com.bazaar.domain.payment.Refund;
import com.bazaar.domain.reconciliation.ClassificationRules.PaymentRule;
import com.bazaar.domain.reconciliation.ClassificationRules.PayoutRule;
import com.bazaar.domain.reconciliation.ClassificationRules.LineType;
import com.bazaar.domain.reconciliation.ClassificationRules.RefundRule;
import com.bazaar.domain.reconciliation.ClassificationRules.ReversalRule;
import com.bazaar.domain.reconciliation.ReferenceClassifier.Item;
import com.bazaar.domain.reconciliation.ReferenceClassifier.KnownPayment;
import com.bazaar.domain.reconciliation.ReferenceClassifier.KnownRefund;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference classifier on hand-made runs: each rule of the precedence, refunds by rank, reversals and what they
 * reverse, payments settled before their capture, grace, waterfalls and the payouts whose waterfall does not add
 * up (signs included).
 */
class ReferenceClassifierTest {

    private static final CurrencyCode USD = new CurrencyCode("USD");
    private static final CurrencyCode EUR = new CurrencyCode("EUR");
    private static final LocalDate DAY = LocalDate.of(2026, 3, 10);
    private static final Instant GRACE_ENDS = DAY.minusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();

    private final List<SettlementLine> lines = new ArrayList<>();
    private final List<KnownPayment> payments = new ArrayList<>();
    private final List<KnownRefund> refunds = new ArrayList<>();

    private void line(String type, String reference, long gross, long fee, CurrencyCode currency, String payout) {
        line(type, reference, "t" + lines.size(), gross, fee, currency, payout, DAY);
    }

    private void line(String type, String reference, String providerReference, long gross, long fee,
                      CurrencyCode currency, String payout, LocalDate booked) {
        lines.add(new SettlementLine(lines.size() + 2L, providerReference, Optional.ofNullable(reference), type,
                Money.of(gross, currency), Money.of(fee, currency), Money.of(gross - fee, currency), Optional.empty(),
                booked, Optional.ofNullable(payout)));
    }

    private void payment(long id, PaymentStatus status, long captured, CurrencyCode currency, Instant capturedAt) {
        payments.add(new KnownPayment(id, status, captured, currency, Optional.ofNullable(capturedAt)));
    }

    private ReferenceClassifier.Result classify(Set<Long> settledElsewhere) {
        return ReferenceClassifier.classify(new ReferenceClassifier.Run(lines, payments, refunds, settledElsewhere,
                2, Optional.empty(), DAY, ZoneOffset.UTC));
    }

    private List<Category> categories() {
        return classify(Set.of()).items().stream().filter(i -> i.line().isPresent()).map(Item::category).toList();
    }

    @Test
    void thePrecedenceOfPaymentAndRefundCategoriesIsDeclaredOnce() {
        assertThat(Arrays.stream(PaymentRule.values()).map(PaymentRule::category)).containsExactly(
                Category.DUPLICATE_IN_SETTLEMENT, Category.MISSING_IN_LEDGER, Category.CURRENCY_MISMATCH,
                Category.STATUS_MISMATCH, Category.AMOUNT_MISMATCH, Category.SETTLED_BEFORE_CAPTURE,
                Category.FEE_ONLY);
        assertThat(Arrays.stream(RefundRule.values()).map(RefundRule::category)).containsExactly(
                Category.MISSING_IN_LEDGER, Category.DUPLICATE_IN_SETTLEMENT, Category.AMOUNT_MISMATCH,
                Category.STATUS_MISMATCH, Category.FEE_ONLY);
        assertThat(Arrays.stream(PayoutRule.values()).map(PayoutRule::category)).containsExactly(
                Category.PAYOUT_MISMATCH);
        assertThat(Arrays.stream(ReversalRule.values()).map(ReversalRule::category)).containsExactly(
                Category.MISSING_IN_LEDGER, Category.FEE_ONLY);
        assertThat(ClassificationRules.OTHERWISE).isEqualTo(Category.MATCHED);
    }

    @Test
    void eachPaymentLineLandsInTheFirstCategoryWhoseRuleHolds() {
        payment(1, PaymentStatus.CAPTURED, 1000, USD, GRACE_ENDS);
        payment(2, PaymentStatus.AUTHORIZED, 0, USD, null);
        payment(3, PaymentStatus.AUTHORIZED, 0, EUR, null);
        line("PAYMENT", "1", 1000, 0, USD, "po");   // MATCHED
        line("PAYMENT", "1", 999, 0, EUR, "po");    // a second line of reference 1 beats every other rule
        line("PAYMENT", "77", 1000, 0, USD, "po");  // no such payment
        line("PAYMENT", "3", 5, 0, USD, "po");      // other currency beats status and amount
        line("PAYMENT", "2", 5, 0, USD, "po");      // not captured beats amount
        assertThat(categories()).containsExactly(Category.MATCHED, Category.DUPLICATE_IN_SETTLEMENT,
                Category.MISSING_IN_LEDGER, Category.CURRENCY_MISMATCH, Category.STATUS_MISMATCH);
        List<Item> items = classify(Set.of()).items();
        assertThat(items.get(0).payment()).contains(1L);
        assertThat(items.get(1).payment()).as("only the first line of a reference names its payment").isEmpty();
        assertThat(items.get(1).expectedMinor()).contains(1000L);
        assertThat(items.get(0).status()).isEqualTo(ReconItem.Status.NONE);
        assertThat(items.get(1).status()).isEqualTo(ReconItem.Status.OPEN);
    }

    @Test
    void anAmountMismatchBeatsAFeeAndAFeeAloneIsFeeOnly() {
        payment(1, PaymentStatus.CAPTURED, 1000, USD, GRACE_ENDS);
        payment(2, PaymentStatus.CAPTURED, 2000, USD, GRACE_ENDS);
        line("PAYMENT", "1", 1001, 30, USD, "po");
        line("PAYMENT", "002", 2000, 60, USD, "po"); // digits name the payment, leading zeros too
        assertThat(categories()).containsExactly(Category.AMOUNT_MISMATCH, Category.FEE_ONLY);
    }

    @Test
    void refundLinesAreMatchedToTheNthRefundOfTheSameAmount() {
        payment(1, PaymentStatus.CAPTURED, 1000, USD, GRACE_ENDS);
        refunds.add(new KnownRefund(91, 1, 500, Refund.Status.SUCCEEDED));
        refunds.add(new KnownRefund(92, 1, 500, Refund.Status.PENDING));
        line("REFUND", "1", -500, 0, USD, "po");   // refund 91
        line("REFUND", "1", -500, 0, USD, "po");   // refund 92, not succeeded
        line("REFUND", "1", -500, 0, USD, "po");   // no third refund of 500
        line("REFUND", "1", -300, 0, USD, "po");   // no refund of 300
        line("REFUND", "x1", -500, 0, USD, "po");  // not a payment
        assertThat(categories()).containsExactly(Category.MATCHED, Category.STATUS_MISMATCH,
                Category.DUPLICATE_IN_SETTLEMENT, Category.AMOUNT_MISMATCH, Category.MISSING_IN_LEDGER);
        assertThat(classify(Set.of()).items().subList(0, 2)).extracting(Item::expectedMinor)
                .containsExactly(Optional.of(500L), Optional.of(500L));
    }

    @Test
    void otherLineTypesLandInTheirFixedCategory() {
        payment(1, PaymentStatus.CAPTURED, 1000, USD, GRACE_ENDS);
        line("CHARGEBACK", "1", -1000, 0, USD, "po");
        line("FEE", null, 0, 100, USD, "po");
        line("ADJUSTMENT", null, 40, 0, USD, "po");
        line("PAYOUT", null, 1060, 0, USD, "po"); // the balance is -10.60: the provider collects it (adds up)
        assertThat(classify(Set.of()).items()).extracting(Item::category, Item::status, Item::payment).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Category.CHARGEBACK, ReconItem.Status.OPEN, Optional.of(1L)),
                org.assertj.core.groups.Tuple.tuple(Category.FEE_ONLY, ReconItem.Status.NONE, Optional.empty()),
                org.assertj.core.groups.Tuple.tuple(Category.AMOUNT_MISMATCH, ReconItem.Status.OPEN, Optional.empty()),
                org.assertj.core.groups.Tuple.tuple(Category.MATCHED, ReconItem.Status.NONE, Optional.empty()));
    }

    @Test
    void aPaymentLineBookedMoreThanADayBeforeItsCaptureWasPostedIsSettledBeforeCapture() {
        Instant dayAfterNext = DAY.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
        payment(1, PaymentStatus.CAPTURED, 1000, USD, dayAfterNext);                    // two days later: early
        payment(2, PaymentStatus.CAPTURED, 1000, USD, dayAfterNext.minusNanos(1000));   // the next day: within a day
        payment(3, PaymentStatus.CAPTURED, 1000, USD, dayAfterNext.plusSeconds(86_400));
        payment(4, PaymentStatus.CAPTURED, 1000, USD, null);                            // no capture posting at all
        payment(5, PaymentStatus.CAPTURED, 1000, USD, GRACE_ENDS);                      // captured before booking
        line("PAYMENT", "1", 1000, 0, USD, "po");
        line("PAYMENT", "2", 1000, 0, USD, "po");
        line("PAYMENT", "3", 1001, 0, USD, "po");   // an amount mismatch beats an early booking
        line("PAYMENT", "4", 1000, 0, USD, "po");
        line("PAYMENT", "5", 1000, 30, USD, "po");
        assertThat(categories()).containsExactly(Category.SETTLED_BEFORE_CAPTURE, Category.MATCHED,
                Category.AMOUNT_MISMATCH, Category.MATCHED, Category.FEE_ONLY);
        Item early = classify(Set.of()).items().get(0);
        assertThat(early.status()).as("a discrepancy").isEqualTo(ReconItem.Status.OPEN);
        assertThat(early.payment()).as("names, and so settles, its payment").contains(1L);
        assertThat(Category.SETTLED_BEFORE_CAPTURE.discrepancy()).isTrue();
    }

    @Test
    void theDayOfTheBookingStartsInTheDatabasesTimeZone() {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        Instant twoTokyoDaysLater = DAY.plusDays(2).atStartOfDay(tokyo).toInstant(); // 15:00 UTC the day after
        payment(1, PaymentStatus.CAPTURED, 1000, USD, twoTokyoDaysLater);
        line("PAYMENT", "1", 1000, 0, USD, "po");
        assertThat(ReferenceClassifier.classify(new ReferenceClassifier.Run(lines, payments, refunds, Set.of(), 2,
                Optional.empty(), DAY, tokyo)).items().get(0).category()).isEqualTo(Category.SETTLED_BEFORE_CAPTURE);
        assertThat(categories()).as("in UTC the capture is the next day").containsExactly(Category.MATCHED);
    }

    @Test
    void aReversalInTheFileIsMatchedToWhatItReversesByMerchantOrProviderReference() {
        payment(1, PaymentStatus.CAPTURED, 1000, USD, GRACE_ENDS);
        line("PAYMENT", "1", "psp-1", 1000, 0, USD, "po", DAY);
        line("CHARGEBACK", "ref-1", "psp-1", -1000, 0, USD, "po", DAY);
        line("REFUND", "ref-2", "psp-2", -300, 0, USD, "po", DAY);               // names no payment of Bazaar's
        line("CHARGEBACK_REVERSAL", null, "psp-1", 1000, 0, USD, "po", DAY);      // by provider reference
        line("REFUND_REVERSAL", "ref-2", "other", 300, 0, USD, "po", DAY);        // by merchant reference
        line("PAYMENT_CORRECTION", "ref-9", "psp-1", -5, 0, USD, "po", DAY);      // the payment line, by provider
        line("CHARGEBACK_REVERSAL", "ref-2", "psp-2", 1000, 0, USD, "po", DAY);   // psp-2 and ref-2 are a refund's
        line("REFUND_REVERSAL", "ref-1", "psp-1", 300, 0, USD, "po", DAY);        // ref-1, psp-1: no refund
        assertThat(categories()).containsExactly(Category.MATCHED, Category.CHARGEBACK, Category.MISSING_IN_LEDGER,
                Category.MATCHED, Category.MATCHED, Category.MATCHED, Category.MISSING_IN_LEDGER,
                Category.MISSING_IN_LEDGER);
    }

    @Test
    void aReversalWhoseOriginalIsNotInTheFileIsMatchedToBazaarsLedger() {
        payment(1, PaymentStatus.CAPTURED, 1000, USD, GRACE_ENDS);
        payment(2, PaymentStatus.CAPTURED, 2000, USD, GRACE_ENDS);
        refunds.add(new KnownRefund(91, 2, 500, Refund.Status.SUCCEEDED));
        line("CHARGEBACK_REVERSAL", "1", 1000, 0, USD, "po");    // Bazaar records no chargebacks: the payment will do
        line("REFUND_REVERSAL", "2", 500, 0, USD, "po");         // a refund of payment 2
        line("REFUND_REVERSAL", "1", 500, 0, USD, "po");         // payment 1 was never refunded
        line("PAYMENT_CORRECTION", "2", -40, 0, USD, "po");      // corrects payment 2
        line("CHARGEBACK_REVERSAL", "77", 1000, 0, USD, "po");   // no payment 77
        line("PAYMENT_CORRECTION", null, -7893, 0, USD, "po");   // Adyen's security deposit: names no payment
        line("CHARGEBACK_REVERSAL", "1", 1000, 15, USD, "po");   // matched, with a fee
        assertThat(classify(Set.of()).items()).filteredOn(i -> i.line().isPresent())
                .extracting(Item::category, Item::payment, Item::status).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Category.MATCHED, Optional.of(1L), ReconItem.Status.NONE),
                        org.assertj.core.groups.Tuple.tuple(Category.MATCHED, Optional.of(2L), ReconItem.Status.NONE),
                        org.assertj.core.groups.Tuple.tuple(Category.MISSING_IN_LEDGER, Optional.of(1L),
                                ReconItem.Status.OPEN),
                        org.assertj.core.groups.Tuple.tuple(Category.MATCHED, Optional.of(2L), ReconItem.Status.NONE),
                        org.assertj.core.groups.Tuple.tuple(Category.MISSING_IN_LEDGER, Optional.empty(),
                                ReconItem.Status.OPEN),
                        org.assertj.core.groups.Tuple.tuple(Category.MISSING_IN_LEDGER, Optional.empty(),
                                ReconItem.Status.OPEN),
                        org.assertj.core.groups.Tuple.tuple(Category.FEE_ONLY, Optional.of(1L), ReconItem.Status.NONE));
        assertThat(classify(Set.of()).items()).as("a reversal's actual amount is its gross, nothing is expected")
                .filteredOn(i -> i.line().equals(Optional.of(2L))).singleElement()
                .satisfies(i -> assertThat(i.actualMinor()).contains(1000L))
                .satisfies(i -> assertThat(i.expectedMinor()).isEmpty());
    }

    @Test
    void eachReversalDeclaresWhatItReversesWhereItIsLookedForAndItsWaterfallColumn() {
        assertThat(LineType.reversals()).containsExactly(LineType.CHARGEBACK_REVERSAL, LineType.REFUND_REVERSAL,
                LineType.PAYMENT_CORRECTION);
        assertThat(LineType.reversals()).extracting(t -> t.reverses().orElseThrow(), t -> t.ledgerEvidence()
                .orElseThrow(), LineType::waterfallColumn).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LineType.CHARGEBACK, ClassificationRules.LedgerEvidence.PAYMENT,
                        LineType.CHARGEBACK),
                org.assertj.core.groups.Tuple.tuple(LineType.REFUND,
                        ClassificationRules.LedgerEvidence.REFUND_OF_PAYMENT, LineType.REFUND),
                org.assertj.core.groups.Tuple.tuple(LineType.PAYMENT, ClassificationRules.LedgerEvidence.PAYMENT,
                        LineType.ADJUSTMENT));
        assertThat(LineType.fixed()).doesNotContainAnyElementsOf(LineType.reversals());
        assertThat(LineType.PAYMENT.reverses()).isEmpty();
    }

    @Test
    void aReversalAddsBackWhatItsOriginalTookFromTheWaterfall() {
        // waterfalls sum the lines as they are, whatever Bazaar knows of their payments
        line("PAYMENT", "1", 1000, 30, USD, "po");
        line("PAYMENT", "2", 2000, 60, USD, "po");
        line("CHARGEBACK", "1", -1000, 15, USD, "po");
        line("CHARGEBACK_REVERSAL", "1", 1000, 0, USD, "po");
        line("REFUND", "2", -500, 0, USD, "po");
        line("REFUND_REVERSAL", "2", 500, 0, USD, "po");
        line("PAYMENT_CORRECTION", null, -100, 0, USD, "po");
        line("PAYOUT", null, -2795, 0, USD, "po");
        assertThat(classify(Set.of()).waterfalls()).containsExactly(new Reconciliations.Waterfall("po", "USD",
                BigInteger.valueOf(3000), BigInteger.valueOf(105), BigInteger.ZERO, BigInteger.ZERO,
                BigInteger.valueOf(-100), Optional.of(BigInteger.valueOf(2795)), true));
    }

    @Test
    void anUnsettledCaptureIsPendingUntilTheGracePeriodEndsAndMissingAfter() {
        payment(1, PaymentStatus.CAPTURED, 100, USD, GRACE_ENDS);                  // at the boundary: pending
        payment(2, PaymentStatus.CAPTURED, 200, USD, GRACE_ENDS.minusNanos(1000)); // before it: missing
        payment(3, PaymentStatus.CAPTURED, 300, USD, GRACE_ENDS.minusSeconds(9)); // settled by another run
        payment(4, PaymentStatus.CAPTURED, 400, USD, GRACE_ENDS.minusSeconds(9)); // settled by this run
        payment(5, PaymentStatus.AUTHORIZED, 0, USD, null);                        // nothing captured
        line("PAYMENT", "4", 400, 0, USD, "po");
        assertThat(classify(Set.of(3L)).items()).filteredOn(i -> i.line().isEmpty())
                .extracting(Item::payment, Item::category).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Optional.of(1L), Category.PENDING_SETTLEMENT),
                        org.assertj.core.groups.Tuple.tuple(Optional.of(2L), Category.MISSING_IN_SETTLEMENT));
    }

    @Test
    void aWaterfallAddsUpWhenThePayoutIsWhatRemains() {
        payment(1, PaymentStatus.CAPTURED, 1000, USD, GRACE_ENDS);
        payment(2, PaymentStatus.CAPTURED, 2000, USD, GRACE_ENDS);
        line("PAYMENT", "1", 1000, 30, USD, "good");
        line("PAYMENT", "2", 2000, 60, USD, "good");
        line("REFUND", "2", -500, 0, USD, "good");
        line("PAYOUT", null, -2410, 0, USD, "good");
        line("PAYMENT", "9", 3000, 90, USD, null);
        var waterfalls = classify(Set.of()).waterfalls();
        assertThat(waterfalls).containsExactly(
                new Reconciliations.Waterfall("good", "USD", BigInteger.valueOf(3000), BigInteger.valueOf(90),
                        BigInteger.valueOf(500), BigInteger.ZERO, BigInteger.ZERO,
                        Optional.of(BigInteger.valueOf(2410)), true),
                new Reconciliations.Waterfall(ClassificationRules.NO_PAYOUT, "USD", BigInteger.valueOf(3000),
                        BigInteger.valueOf(90), BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, Optional.empty(),
                        false));
    }

    @Test
    void aNegativePayoutAddsUpWithItsSignAndThePayoutLineIsMatched() {
        payment(1, PaymentStatus.CAPTURED, 1000, USD, GRACE_ENDS);
        line("PAYMENT", "1", 1000, 30, USD, "neg");
        line("CHARGEBACK", "1", -1000, 1500, USD, "neg");
        line("PAYOUT", null, 1530, 0, USD, "neg"); // a credit: the provider collected 15.30 from the merchant
        var result = classify(Set.of());
        assertThat(result.waterfalls()).singleElement().satisfies(w -> {
            assertThat(w.expected()).isEqualTo(BigInteger.valueOf(-1530));
            assertThat(w.payout()).contains(BigInteger.valueOf(-1530));
            assertThat(w.addsUp()).isTrue();
        });
        assertThat(result.items().get(2).category()).isEqualTo(Category.MATCHED);
        assertThat(result.items().get(2).status()).isEqualTo(ReconItem.Status.NONE);
    }

    @Test
    void aPayoutOfTheRightSizeButTheWrongSignIsAPayoutMismatch() {
        payment(1, PaymentStatus.CAPTURED, 1000, USD, GRACE_ENDS);
        line("PAYMENT", "1", 1000, 30, USD, "neg");
        line("CHARGEBACK", "1", -1000, 1500, USD, "neg");
        line("PAYOUT", null, -1530, 0, USD, "neg"); // paid 15.30 out, where 15.30 was owed: abs() would match it
        var result = classify(Set.of());
        assertThat(result.waterfalls()).singleElement().satisfies(w -> {
            assertThat(w.payout()).contains(BigInteger.valueOf(1530));
            assertThat(w.addsUp()).isFalse();
        });
        assertThat(result.items().get(2)).isEqualTo(new Item(Optional.of(4L), Optional.empty(),
                Category.PAYOUT_MISMATCH, Optional.of(-1530L), Optional.of(1530L), Optional.of("USD"),
                ReconItem.Status.OPEN));
        assertThat(Category.PAYOUT_MISMATCH.discrepancy()).isTrue();
    }

    @Test
    void aPayoutThatDoesNotAddUpIsOneItemOnItsFirstPayoutLine() {
        payment(1, PaymentStatus.CAPTURED, 1000, USD, GRACE_ENDS);
        line("PAYMENT", "1", 1000, 30, USD, "po");
        line("PAYOUT", null, -500, 0, USD, "po");
        line("PAYOUT", null, -400, 0, USD, "po");  // 9.00 paid out in two lines, 9.70 expected
        line("PAYOUT", null, -100, 0, EUR, "po");  // the same payout in another currency: a waterfall of its own
        line("PAYMENT", "9", 700, 0, USD, "ok");
        line("PAYOUT", null, -700, 0, USD, "ok");
        assertThat(categories()).containsExactly(Category.FEE_ONLY, Category.PAYOUT_MISMATCH, Category.MATCHED,
                Category.PAYOUT_MISMATCH, Category.MISSING_IN_LEDGER, Category.MATCHED);
        List<Item> items = classify(Set.of()).items();
        assertThat(items.get(1)).extracting(Item::expectedMinor, Item::actualMinor)
                .containsExactly(Optional.of(970L), Optional.of(900L));
        assertThat(items.get(2)).extracting(Item::expectedMinor, Item::actualMinor)
                .containsExactly(Optional.empty(), Optional.of(-400L));
        assertThat(items.get(3)).extracting(Item::expectedMinor, Item::actualMinor)
                .containsExactly(Optional.of(0L), Optional.of(100L));
    }

    @Test
    void aPayoutSumBeyondTheBoundOfAnItemIsLeftToTheWaterfall() {
        for (int i = 0; i < 3; i++) {
            line("ADJUSTMENT", null, Money.MAX_MINOR, 0, USD, "big");
        }
        line("PAYOUT", null, -1, 0, USD, "big");
        Item payout = classify(Set.of()).items().get(3);
        assertThat(payout.category()).isEqualTo(Category.PAYOUT_MISMATCH);
        assertThat(payout.expectedMinor()).as("3 x 10^15 is beyond any single amount").isEmpty();
        assertThat(payout.actualMinor()).contains(1L);
        assertThat(ClassificationRules.itemAmount(BigInteger.valueOf(-Money.MAX_MINOR))).contains(-Money.MAX_MINOR);
    }

    @Test
    void onlyOneToEighteenAsciiDigitsNameAPayment() {
        assertThat(ClassificationRules.paymentId(Optional.of("007"))).contains(7L);
        assertThat(ClassificationRules.paymentId(Optional.of("999999999999999999"))).contains(999_999_999_999_999_999L);
        assertThat(ClassificationRules.paymentId(Optional.of("1234567890123456789"))).isEmpty();
        assertThat(ClassificationRules.paymentId(Optional.of(""))).isEmpty();
        assertThat(ClassificationRules.paymentId(Optional.of("12a"))).isEmpty();
        assertThat(ClassificationRules.paymentId(Optional.of("١٢"))).as("Arabic-Indic digits").isEmpty();
        assertThat(ClassificationRules.paymentId(Optional.empty())).isEmpty();
    }
}
