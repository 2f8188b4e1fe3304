package com.bazaar.domain.reconciliation;

import com.bazaar.domain.payment.PaymentStatus;
import com.bazaar.domain.payment.Refund;
import com.bazaar.domain.reconciliation.ClassificationRules.LineType;
import com.bazaar.domain.reconciliation.ClassificationRules.PaymentLineFacts;
import com.bazaar.domain.reconciliation.ClassificationRules.PaymentRule;
import com.bazaar.domain.reconciliation.ClassificationRules.PayoutLineFacts;
import com.bazaar.domain.reconciliation.ClassificationRules.PayoutRule;
import com.bazaar.domain.reconciliation.ClassificationRules.RefundLineFacts;
import com.bazaar.domain.reconciliation.ClassificationRules.RefundRule;
import com.bazaar.domain.reconciliation.ClassificationRules.ReversalLineFacts;
import com.bazaar.domain.reconciliation.ClassificationRules.ReversalRule;
import com.bazaar.domain.shared.CurrencyCode;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reconciliation's classification in plain Java, one line at a time: the reference that the set-based SQL of the
 * adapter ({@link Reconciliations#classify}) must agree with, item by item. It executes {@link ClassificationRules};
 * it is slow on purpose (no joins, no windows) so that it reads as the rules read.
 */
public final class ReferenceClassifier {

    /** A payment as reconciliation sees it; {@code capturedAt} is when its capture was posted to the ledger. */
    public record KnownPayment(long id, PaymentStatus status, long capturedMinor, CurrencyCode currency,
                               Optional<Instant> capturedAt) {
        public KnownPayment {
            Objects.requireNonNull(status);
            Objects.requireNonNull(currency);
            Objects.requireNonNull(capturedAt);
        }
    }

    /** A refund as reconciliation sees it (amount positive). */
    public record KnownRefund(long id, long paymentId, long amountMinor, Refund.Status status) {
        public KnownRefund {
            Objects.requireNonNull(status);
        }
    }

    /**
     * One run to classify. {@code settledByOtherRuns}: payments that a line of another current (not superseded) run
     * already settled. The as-of date of the grace period is {@code asOf}, else the latest booking date of the lines,
     * else {@code today}; the grace period ends at the start of that day minus {@code graceDays}, in {@code zone}.
     */
    public record Run(List<SettlementLine> lines, List<KnownPayment> payments, List<KnownRefund> refunds,
                      Set<Long> settledByOtherRuns, int graceDays, Optional<LocalDate> asOf, LocalDate today,
                      ZoneId zone) {
        public Run {
            lines = List.copyOf(lines);
            payments = List.copyOf(payments);
            refunds = List.copyOf(refunds);
            settledByOtherRuns = Set.copyOf(settledByOtherRuns);
        }

        LocalDate effectiveAsOf() {
            return asOf.or(() -> lines.stream().map(SettlementLine::bookingDate).max(Comparator.naturalOrder()))
                    .orElse(today);
        }
    }

    /** One classified item: a settlement line (with the payment it names, if any) or an unsettled payment. */
    public record Item(Optional<Long> line, Optional<Long> payment, Category category, Optional<Long> expectedMinor,
                       Optional<Long> actualMinor, Optional<String> currency, ReconItem.Status status) {
    }

    /** Every item of the run (lines in line order, then unsettled payments by id) and the waterfalls. */
    public record Result(List<Item> items, List<Reconciliations.Waterfall> waterfalls) {
    }

    private ReferenceClassifier() {
    }

    public static Result classify(Run run) {
        Map<Long, KnownPayment> payments = run.payments().stream()
                .collect(Collectors.toMap(KnownPayment::id, Function.identity()));
        List<SettlementLine> lines = run.lines().stream().sorted(Comparator.comparingLong(SettlementLine::line))
                .toList();
        List<Reconciliations.Waterfall> waterfalls = waterfalls(lines);
        Map<List<String>, Reconciliations.Waterfall> waterfallOf = waterfalls.stream().collect(Collectors.toMap(
                w -> List.of(w.payoutId(), w.currency()), Function.identity()));
        List<Item> items = new ArrayList<>();
        Map<String, Integer> paymentLinesSeen = new HashMap<>();
        Map<List<Object>, Integer> refundLinesSeen = new HashMap<>();
        Map<List<String>, Integer> payoutLinesSeen = new HashMap<>();
        for (SettlementLine line : lines) {
            Optional<KnownPayment> payment = ClassificationRules.paymentId(line.merchantReference())
                    .map(payments::get);
            LineType type = LineType.valueOf(line.type());
            switch (type) {
                case PAYMENT -> {
                    int nth = paymentLinesSeen.merge(line.merchantReference().orElse(line.providerReference()), 1,
                            Integer::sum);
                    Category category = PaymentRule.classify(new PaymentLineFacts(line, nth, payment, run.zone()));
                    items.add(lineItem(line, payment.filter(p -> nth == 1).map(KnownPayment::id), category,
                            payment.map(KnownPayment::capturedMinor), line.gross().minor()));
                }
                case REFUND -> {
                    // lines without a merchant reference share one partition (and never find a payment)
                    List<Object> key = java.util.Arrays.asList(line.merchantReference().orElse(null),
                            line.gross().minor());
                    int nth = refundLinesSeen.merge(key, 1, Integer::sum);
                    Optional<KnownRefund> refund = payment.flatMap(p -> run.refunds().stream()
                            .filter(r -> r.paymentId() == p.id() && r.amountMinor() == -line.gross().minor())
                            .sorted(Comparator.comparingLong(KnownRefund::id)).skip(nth - 1L).findFirst());
                    Category category = RefundRule.classify(new RefundLineFacts(line, nth, payment, refund));
                    items.add(lineItem(line, payment.map(KnownPayment::id), category,
                            refund.map(KnownRefund::amountMinor), -line.gross().minor()));
                }
                case PAYOUT -> {
                    int nth = payoutLinesSeen.merge(payout(line), 1, Integer::sum);
                    Reconciliations.Waterfall waterfall = waterfallOf.get(payout(line));
                    Category category = PayoutRule.classify(new PayoutLineFacts(line, nth, waterfall));
                    items.add(category == Category.PAYOUT_MISMATCH
                            ? new Item(Optional.of(line.line()), payment.map(KnownPayment::id), category,
                                    ClassificationRules.itemAmount(waterfall.expected()),
                                    waterfall.payout().flatMap(ClassificationRules::itemAmount),
                                    Optional.of(line.gross().currency().value()),
                                    ClassificationRules.initialStatus(category))
                            : lineItem(line, payment.map(KnownPayment::id), category, Optional.empty(),
                                    line.gross().minor()));
                }
                case CHARGEBACK_REVERSAL, REFUND_REVERSAL, PAYMENT_CORRECTION -> {
                    LineType original = type.reverses().orElseThrow();
                    boolean inFile = lines.stream().anyMatch(o -> original.name().equals(o.type())
                            && ((line.merchantReference().isPresent()
                                    && line.merchantReference().equals(o.merchantReference()))
                                || line.providerReference().equals(o.providerReference())));
                    boolean inLedger = switch (type.ledgerEvidence().orElseThrow()) {
                        case PAYMENT -> payment.isPresent();
                        case REFUND_OF_PAYMENT -> payment.filter(p -> run.refunds().stream()
                                .anyMatch(r -> r.paymentId() == p.id())).isPresent();
                    };
                    Category category = ReversalRule.classify(new ReversalLineFacts(line, inFile, inLedger));
                    items.add(lineItem(line, payment.map(KnownPayment::id), category, Optional.empty(),
                            line.gross().minor()));
                }
                default -> items.add(lineItem(line, payment.map(KnownPayment::id), type.fixedCategory().orElseThrow(),
                        Optional.empty(), line.gross().minor()));
            }
        }
        Set<Long> settled = new HashSet<>(run.settledByOtherRuns());
        items.stream().filter(i -> !ClassificationRules.NOT_SETTLING.contains(i.category()))
                .forEach(i -> i.payment().ifPresent(settled::add));
        Instant graceEnds = run.effectiveAsOf().minusDays(run.graceDays()).atStartOfDay(run.zone()).toInstant();
        run.payments().stream().filter(p -> p.capturedMinor() > 0 && !settled.contains(p.id()))
                .sorted(Comparator.comparingLong(KnownPayment::id)).forEach(p -> {
                    // no capture posting at all: our own ledger is inconsistent - never "within the grace period"
                    boolean late = p.capturedAt().map(at -> at.isBefore(graceEnds)).orElse(true);
                    Category category = late ? Category.MISSING_IN_SETTLEMENT : Category.PENDING_SETTLEMENT;
                    items.add(new Item(Optional.empty(), Optional.of(p.id()), category,
                            Optional.of(p.capturedMinor()), Optional.empty(), Optional.of(p.currency().value()),
                            ClassificationRules.initialStatus(category)));
                });
        return new Result(items, waterfalls);
    }

    /** The payout and currency a line's waterfall is kept under. */
    private static List<String> payout(SettlementLine line) {
        return List.of(line.payoutId().orElse(ClassificationRules.NO_PAYOUT), line.gross().currency().value());
    }

    private static Item lineItem(SettlementLine line, Optional<Long> payment, Category category,
                                 Optional<Long> expected, long actual) {
        return new Item(Optional.of(line.line()), payment, category, expected, Optional.of(actual),
                Optional.of(line.gross().currency().value()), ClassificationRules.initialStatus(category));
    }

    /**
     * Per payout and currency: gross - fees - refunds - chargebacks + adjustments must equal what was paid out, with
     * its sign ({@link ClassificationRules#paidOut}); a payout without a payout line paid nothing out yet (no amount,
     * does not add up, and no item says so: there is no payout to be wrong). A line counts in its type's
     * {@link LineType#waterfallColumn} (a reversal in that of what it reverses).
     */
    static List<Reconciliations.Waterfall> waterfalls(List<SettlementLine> lines) {
        Map<List<String>, List<SettlementLine>> groups = lines.stream().collect(Collectors.groupingBy(
                ReferenceClassifier::payout, LinkedHashMap::new, Collectors.toList()));
        List<Reconciliations.Waterfall> result = new ArrayList<>();
        groups.forEach((key, group) -> {
            BigInteger gross = sum(group, LineType.PAYMENT, l -> l.gross().minor());
            BigInteger fees = group.stream().filter(l -> !LineType.PAYOUT.name().equals(l.type()))
                    .map(l -> BigInteger.valueOf(l.fee().minor())).reduce(BigInteger.ZERO, BigInteger::add)
                    .add(sum(group, LineType.FEE, l -> -l.gross().minor()));
            BigInteger refunds = sum(group, LineType.REFUND, l -> -l.gross().minor());
            BigInteger chargebacks = sum(group, LineType.CHARGEBACK, l -> -l.gross().minor());
            BigInteger adjustments = sum(group, LineType.ADJUSTMENT, l -> l.gross().minor());
            boolean anyPayout = group.stream().anyMatch(l -> LineType.PAYOUT.name().equals(l.type()));
            Optional<BigInteger> paid = anyPayout
                    ? Optional.of(sum(group, LineType.PAYOUT, ClassificationRules::paidOut)) : Optional.empty();
            var waterfall = new Reconciliations.Waterfall(key.get(0), key.get(1), gross, fees, refunds, chargebacks,
                    adjustments, paid, false);
            result.add(new Reconciliations.Waterfall(key.get(0), key.get(1), gross, fees, refunds, chargebacks,
                    adjustments, paid, paid.map(p -> p.equals(waterfall.expected())).orElse(false)));
        });
        return result;
    }

    private static BigInteger sum(List<SettlementLine> group, LineType type,
                                  java.util.function.ToLongFunction<SettlementLine> amount) {
        return group.stream().filter(l -> LineType.valueOf(l.type()).waterfallColumn() == type)
                .map(l -> BigInteger.valueOf(amount.applyAsLong(l))).reduce(BigInteger.ZERO, BigInteger::add);
    }
}
