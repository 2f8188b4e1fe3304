package com.bazaar.domain.reconciliation;

import com.bazaar.domain.payment.PaymentStatus;
import com.bazaar.domain.payment.Refund;
import com.bazaar.domain.shared.Money;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The one home of reconciliation's matching rules: the precedence of the categories a payment or refund line can land
 * in (the order of {@link PaymentRule} and {@link RefundRule}: the first rule that holds decides), when a payout
 * line is a {@link PayoutRule PAYOUT_MISMATCH}, the sign of what a payout paid out, the category of every other line
 * type, the statuses that count as settled, the shape of a merchant reference that names a payment, and the status an
 * item starts in. The set-based SQL of the adapter is built from these declarations, and
 * {@link ReferenceClassifier} executes them in plain Java; a property test checks that both agree.
 */
public final class ClassificationRules {

    /** A merchant reference names a payment when it is 1 to this many ASCII digits (it then fits a bigint). */
    public static final int MAX_REFERENCE_DIGITS = 18;

    /** The payment status a settled payment line must find in Bazaar. */
    public static final PaymentStatus SETTLED_PAYMENT = PaymentStatus.CAPTURED;

    /** The refund status a settled refund line must find in Bazaar. */
    public static final Refund.Status SETTLED_REFUND = Refund.Status.SUCCEEDED;

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

    /** What a PAYMENT, REFUND or PAYOUT line becomes when none of its rules holds. */
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

    /** What is known about a PAYMENT line when its category is decided. */
    public record PaymentLineFacts(SettlementLine line, int nthOfReference, Optional<ReferenceClassifier.KnownPayment> payment) {
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

    /** The settlement line types; all but PAYMENT, REFUND and PAYOUT land in a fixed category. */
    public enum LineType {
        PAYMENT(null), REFUND(null), CHARGEBACK(Category.CHARGEBACK), FEE(Category.FEE_ONLY),
        ADJUSTMENT(Category.AMOUNT_MISMATCH), PAYOUT(null);

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
    }
}
