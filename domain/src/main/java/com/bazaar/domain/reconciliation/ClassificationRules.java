package com.bazaar.domain.reconciliation;

import com.bazaar.domain.payment.PaymentStatus;
import com.bazaar.domain.payment.Refund;
import com.bazaar.domain.shared.Money;

import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The one home of reconciliation's matching rules: the precedence of the categories a payment, refund or reversal line
 * can land in (the order of {@link PaymentRule}, {@link RefundRule} and {@link ReversalRule}: the first rule that holds
 * decides), when a payout line is a {@link PayoutRule PAYOUT_MISMATCH}, the sign of what a payout paid out, what a
 * reversal reverses and where its original is looked for ({@link LineType#reverses},
 * {@link LineType#ledgerEvidence}), the category of every other line type, the statuses that count as settled, how
 * early a payment may be booked ({@link #BOOKED_BEFORE_CAPTURE_TOLERANCE_DAYS}), the shape of a merchant reference
 * that names a payment, and the status an item starts in. The set-based SQL of the adapter is built from these
 * declarations, and {@link ReferenceClassifier} executes them in plain Java; a property test checks that both agree.
 */
public final class ClassificationRules {

    /** A merchant reference names a payment when it is 1 to this many ASCII digits (it then fits a bigint). */
    public static final int MAX_REFERENCE_DIGITS = 18;

    /** The payment status a settled payment line must find in Bazaar. */
    public static final PaymentStatus SETTLED_PAYMENT = PaymentStatus.CAPTURED;

    /** The refund status a settled refund line must find in Bazaar. */
    public static final Refund.Status SETTLED_REFUND = Refund.Status.SUCCEEDED;

    /**
     * A PAYMENT line booked more than this many days before its payment's capture was posted to Bazaar's ledger is
     * {@link Category#SETTLED_BEFORE_CAPTURE}: the provider settled money Bazaar had not captured yet. Precisely: the
     * capture's first posting is at or after the start of the day {@code bookingDate + tolerance + 1}, in the
     * database's time zone (a booking date is a day in the report's time zone; the tolerance absorbs the difference).
     */
    public static final int BOOKED_BEFORE_CAPTURE_TOLERANCE_DAYS = 1;

    /** The payout of lines that name none, in waterfalls. */
    public static final String NO_PAYOUT = "(none)";

    /** Items of these categories name a payment but do not settle it (it stays unsettled for later runs). */
    public static final List<Category> NOT_SETTLING = List.of(Category.MISSING_IN_LEDGER);

    private ClassificationRules() {
    }

    /** The payment a merchant reference names: its digits as an id, when it has the shape of one. */
    public static Optional<Long> paymentId(Optional<String> merchantReference) {
        return merchantReference.filter(ClassificationRules::namesPayment).map(Long::parseLong);
    }

    private static boolean namesPayment(String reference) {
        if (reference.isEmpty() || reference.length() > MAX_REFERENCE_DIGITS) {
            return false;
        }
        return reference.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * What a PAYOUT line paid out: its net with the sign turned. Signs follow the provider (money into the balance
     * positive), so a payout to the merchant's bank is a negative net and pays out a positive amount; a negative payout
     * (the balance was negative: the merchant owes the provider, who collects it) is a positive net and pays out a
     * negative amount. Never {@code abs()}: a payout of -50.00 does not settle a waterfall that expects 50.00.
     */
    public static long paidOut(SettlementLine payoutLine) {
        return -payoutLine.net().minor();
    }

    /**
     * An amount of an item ({@code expected_minor}, {@code actual_minor}) from a sum over a payout's lines: the sum
     * when it is within the bound of any single amount ({@link Money#MAX_MINOR}, the items' CHECK), else none (the
     * waterfall keeps it exactly).
     */
    public static Optional<Long> itemAmount(BigInteger sum) {
        return sum.abs().compareTo(BigInteger.valueOf(Money.MAX_MINOR)) <= 0 ? Optional.of(sum.longValueExact())
                : Optional.empty();
    }

    /** What a PAYMENT, REFUND, PAYOUT or reversal line becomes when none of its rules holds. */
    public static final Category OTHERWISE = Category.MATCHED;

    /** One rule of a precedence: when it holds for a line's facts, the line lands in its category. */
    interface Rule<F> {
        Category category();

        boolean holds(F facts);
    }

    /** The precedence: the first rule (in declaration order) that holds decides; none holds: {@link #OTHERWISE}. */
    static <F, R extends Rule<F>> Category firstThatHolds(R[] rules, F facts) {
        return Arrays.stream(rules).filter(r -> r.holds(facts)).findFirst().map(Rule::category).orElse(OTHERWISE);
    }

    /** A discrepancy waits for finance (OPEN); anything else needs nothing (NONE). */
    public static ReconItem.Status initialStatus(Category category) {
        return category.discrepancy() ? ReconItem.Status.OPEN : ReconItem.Status.NONE;
    }

    /**
     * What is known about a PAYMENT line when its category is decided; {@code zone} is the database's time zone, in
     * which a booking date's day starts.
     */
    public record PaymentLineFacts(SettlementLine line, int nthOfReference,
                                   Optional<ReferenceClassifier.KnownPayment> payment, ZoneId zone) {

        /** The capture was posted after the booking date plus the tolerance (see the constant). */
        boolean capturedAfterBooking() {
            Instant limit = line.bookingDate().plusDays(BOOKED_BEFORE_CAPTURE_TOLERANCE_DAYS + 1L).atStartOfDay(zone)
                    .toInstant();
            return payment.flatMap(ReferenceClassifier.KnownPayment::capturedAt).map(at -> !at.isBefore(limit))
                    .orElse(false);
        }
    }

    /** What is known about a REFUND line when its category is decided. */
    public record RefundLineFacts(SettlementLine line, int nthOfReferenceAndAmount,
                                  Optional<ReferenceClassifier.KnownPayment> payment,
                                  Optional<ReferenceClassifier.KnownRefund> refund) {
    }

    /**
     * What is known about a PAYOUT line when its category is decided: it is the {@code nthOfPayout}-th payout line (in
     * line order) of its payout and currency, whose waterfall is {@code waterfall}.
     */
    public record PayoutLineFacts(SettlementLine line, int nthOfPayout, Reconciliations.Waterfall waterfall) {
    }

    /** A PAYMENT line's category: the first rule in declaration order that holds; none holds: {@link #OTHERWISE}. */
    public enum PaymentRule implements Rule<PaymentLineFacts> {
        /** A later line with the same merchant reference (or provider reference, when none). */
        SETTLED_AGAIN(Category.DUPLICATE_IN_SETTLEMENT),
        NO_SUCH_PAYMENT(Category.MISSING_IN_LEDGER),
        OTHER_CURRENCY(Category.CURRENCY_MISMATCH),
        NOT_CAPTURED(Category.STATUS_MISMATCH),
        OTHER_AMOUNT(Category.AMOUNT_MISMATCH),
        /** Booked more than the tolerance before the capture was posted (no capture posting: never). */
        BOOKED_BEFORE_CAPTURE(Category.SETTLED_BEFORE_CAPTURE),
        FEE_CHARGED(Category.FEE_ONLY);

        private final Category category;

        PaymentRule(Category category) {
            this.category = category;
        }

        @Override
        public Category category() {
            return category;
        }

        @Override
        public boolean holds(PaymentLineFacts f) {
            return switch (this) {
                case SETTLED_AGAIN -> f.nthOfReference() > 1;
                case NO_SUCH_PAYMENT -> f.payment().isEmpty();
                case OTHER_CURRENCY -> !f.payment().orElseThrow().currency().equals(f.line().gross().currency());
                case NOT_CAPTURED -> f.payment().orElseThrow().status() != SETTLED_PAYMENT;
                case OTHER_AMOUNT -> f.payment().orElseThrow().capturedMinor() != f.line().gross().minor();
                case BOOKED_BEFORE_CAPTURE -> f.capturedAfterBooking();
                case FEE_CHARGED -> f.line().fee().minor() != 0;
            };
        }

        public static Category classify(PaymentLineFacts facts) {
            return firstThatHolds(values(), facts);
        }
    }

    /**
     * A REFUND line's category: the first rule in declaration order that holds; none holds: {@link #OTHERWISE}. The
     * n-th line with a merchant reference and amount is matched to the n-th refund (by id) of that payment with that
     * amount.
     */
    public enum RefundRule implements Rule<RefundLineFacts> {
        NO_SUCH_PAYMENT(Category.MISSING_IN_LEDGER),
        /** No refund left for a later line of the same reference and amount. */
        SETTLED_AGAIN(Category.DUPLICATE_IN_SETTLEMENT),
        NO_SUCH_REFUND(Category.AMOUNT_MISMATCH),
        NOT_SUCCEEDED(Category.STATUS_MISMATCH),
        FEE_CHARGED(Category.FEE_ONLY);

        private final Category category;

        RefundRule(Category category) {
            this.category = category;
        }

        @Override
        public Category category() {
            return category;
        }

        @Override
        public boolean holds(RefundLineFacts f) {
            return switch (this) {
                case NO_SUCH_PAYMENT -> f.payment().isEmpty();
                case SETTLED_AGAIN -> f.refund().isEmpty() && f.nthOfReferenceAndAmount() > 1;
                case NO_SUCH_REFUND -> f.refund().isEmpty();
                case NOT_SUCCEEDED -> f.refund().orElseThrow().status() != SETTLED_REFUND;
                case FEE_CHARGED -> f.line().fee().minor() != 0;
            };
        }

        public static Category classify(RefundLineFacts facts) {
            return firstThatHolds(values(), facts);
        }
    }

    /**
     * A PAYOUT line's category: the first rule in declaration order that holds; none holds: {@link #OTHERWISE} (the
     * payout is checked by its waterfall, and it adds up). A payout whose waterfall does not add up is one discrepancy,
     * on its first payout line; a further payout line of the same payout and currency is part of it.
     */
    public enum PayoutRule implements Rule<PayoutLineFacts> {
        /** The payout's first line, and gross - fees - refunds - chargebacks + adjustments is not what it paid out. */
        DOES_NOT_ADD_UP;

        @Override
        public Category category() {
            return switch (this) {
                case DOES_NOT_ADD_UP -> Category.PAYOUT_MISMATCH;
            };
        }

        @Override
        public boolean holds(PayoutLineFacts f) {
            return switch (this) {
                case DOES_NOT_ADD_UP -> f.nthOfPayout() == 1 && !f.waterfall().addsUp();
            };
        }

        public static Category classify(PayoutLineFacts facts) {
            return firstThatHolds(values(), facts);
        }
    }

    /**
     * What is known about a reversal line (CHARGEBACK_REVERSAL, REFUND_REVERSAL, PAYMENT_CORRECTION) when its category
     * is decided: whether the line it reverses is in the same file (a line of the reversed type with the same merchant
     * reference, or the same provider reference), and whether Bazaar's ledger has it ({@link LineType#ledgerEvidence}).
     */
    public record ReversalLineFacts(SettlementLine line, boolean originalInFile, boolean originalInLedger) {
    }

    /** A reversal line's category: the first rule in declaration order that holds; none holds: {@link #OTHERWISE}. */
    public enum ReversalRule implements Rule<ReversalLineFacts> {
        /** What it reverses is neither in this file nor in Bazaar. */
        NOTHING_TO_REVERSE,
        FEE_CHARGED;

        @Override
        public Category category() {
            return this == NOTHING_TO_REVERSE ? Category.MISSING_IN_LEDGER : Category.FEE_ONLY;
        }

        @Override
        public boolean holds(ReversalLineFacts f) {
            return switch (this) {
                case NOTHING_TO_REVERSE -> !f.originalInFile() && !f.originalInLedger();
                case FEE_CHARGED -> f.line().fee().minor() != 0;
            };
        }

        public static Category classify(ReversalLineFacts facts) {
            return firstThatHolds(values(), facts);
        }
    }

    /** What in Bazaar stands for a reversal's original: the payment its merchant reference names, or a refund of it. */
    public enum LedgerEvidence { PAYMENT, REFUND_OF_PAYMENT }

    /**
     * The settlement line types. PAYMENT, REFUND, PAYOUT and the reversals are matched by rules; every other type lands
     * in a fixed category.
     */
    public enum LineType {
        PAYMENT(null), REFUND(null), CHARGEBACK(Category.CHARGEBACK), FEE(Category.FEE_ONLY),
        ADJUSTMENT(Category.AMOUNT_MISMATCH), PAYOUT(null),
        /** A chargeback given back (the dispute was won, or the buyer paid again): positive. */
        CHARGEBACK_REVERSAL(null),
        /** A refund that came back (the buyer's card or bank could not take it): positive. */
        REFUND_REVERSAL(null),
        /** A correction of what was settled, either sign. */
        PAYMENT_CORRECTION(null);

        private final Category fixed;

        LineType(Category fixed) {
            this.fixed = fixed;
        }

        /** The category every line of this type lands in, or empty when the line is matched by rules. */
        public Optional<Category> fixedCategory() {
            return Optional.ofNullable(fixed);
        }

        public static List<LineType> fixed() {
            return Arrays.stream(values()).filter(t -> t.fixed != null).toList();
        }

        /** The type of line this type reverses (or corrects); empty for a type that reverses nothing. */
        public Optional<LineType> reverses() {
            return switch (this) {
                case CHARGEBACK_REVERSAL -> Optional.of(CHARGEBACK);
                case REFUND_REVERSAL -> Optional.of(REFUND);
                case PAYMENT_CORRECTION -> Optional.of(PAYMENT);
                default -> Optional.empty();
            };
        }

        public static List<LineType> reversals() {
            return Arrays.stream(values()).filter(t -> t.reverses().isPresent()).toList();
        }

        /**
         * What in Bazaar's ledger stands for the original of a reversal: Bazaar records refunds, so a refund reversal
         * needs a refund of the payment; it records no chargebacks, so a chargeback reversal (like a payment
         * correction) needs the payment.
         */
        public Optional<LedgerEvidence> ledgerEvidence() {
            return reverses().map(original -> original == REFUND ? LedgerEvidence.REFUND_OF_PAYMENT
                    : LedgerEvidence.PAYMENT);
        }

        /**
         * The waterfall column a line of this type counts in, named by the type whose column it is: a reversal nets
         * against what it reverses (a chargeback reversal lowers the chargebacks, a refund reversal the refunds), so
         * it adds back what its original took; a payment correction counts with the adjustments (either sign).
         */
        public LineType waterfallColumn() {
            return switch (this) {
                case CHARGEBACK_REVERSAL -> CHARGEBACK;
                case REFUND_REVERSAL -> REFUND;
                case PAYMENT_CORRECTION -> ADJUSTMENT;
                default -> this;
            };
        }

        /** The types that count in this type's waterfall column (itself included). */
        public List<LineType> countedInWaterfallAs() {
            return Arrays.stream(values()).filter(t -> t.waterfallColumn() == this).toList();
        }
    }
}
