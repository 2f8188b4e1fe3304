package com.bazaar.reconciliation.settlement;

import com.bazaar.domain.shared.Money;
import com.bazaar.domain.shared.ValidationException;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a provider's settlement report, normalized.
 *
 * @param line              the line number in the file as a spreadsheet shows it (header = 1)
 * @param providerReference the provider's id of the transaction (e.g. a balance transaction or PSP reference)
 * @param merchantReference Bazaar's reference the provider echoes back: the payment id (e.g. "5001") for payments,
 *                          refunds, chargebacks and their reversals; absent for fees and payouts
 * @param type              what the line is
 * @param gross             the amount of the transaction, signed as the provider reports it (refunds negative)
 * @param fee               the fees taken on it (positive = charged), in the settlement currency
 * @param net               gross - fee, as the provider reports it (the parser checks it adds up)
 * @param exchangeRate      when the provider converted currencies, the rate it applied (exact decimal)
 * @param bookingDate       the day the provider booked it
 * @param payoutId          the payout (batch) the line belongs to
 * @param chargeId          the provider's id of the charge the line is about (Stripe's {@code charge_id}), kept for
 *                          finance to look the line up at the provider
 * @param sourceId          the provider's id of the object that moved the balance (Stripe's {@code source_id}: a
 *                          charge, refund, dispute, payout ...)
 */
public record SettlementRecord(long line, String providerReference, Optional<String> merchantReference, Type type,
                               Money gross, Money fee, Money net, Optional<BigDecimal> exchangeRate, LocalDate bookingDate,
                               Optional<String> payoutId, Optional<String> chargeId, Optional<String> sourceId) {

    /**
     * What a line is; the names are the domain's {@code ClassificationRules.LineType}. CHARGEBACK_REVERSAL,
     * REFUND_REVERSAL and PAYMENT_CORRECTION give back (or correct) what a CHARGEBACK, REFUND or PAYMENT took.
     */
    public enum Type {
        PAYMENT, REFUND, CHARGEBACK, FEE, ADJUSTMENT, PAYOUT, CHARGEBACK_REVERSAL, REFUND_REVERSAL, PAYMENT_CORRECTION
    }

    /**
     * The most characters of a reference (provider, merchant, payout): providers' ids are a few dozen characters,
     * and a staged batch of lines stays small whatever a file holds.
     */
    public static final int MAX_REFERENCE = 255;

    public SettlementRecord {
        Objects.requireNonNull(providerReference, "providerReference");
        Objects.requireNonNull(merchantReference, "merchantReference");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(gross, "gross");
        Objects.requireNonNull(fee, "fee");
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(exchangeRate, "exchangeRate");
        Objects.requireNonNull(bookingDate, "bookingDate");
        Objects.requireNonNull(payoutId, "payoutId");
        Objects.requireNonNull(chargeId, "chargeId");
        Objects.requireNonNull(sourceId, "sourceId");
        bounded("provider reference", providerReference);
        merchantReference.ifPresent(r -> bounded("merchant reference", r));
        payoutId.ifPresent(r -> bounded("payout id", r));
        chargeId.ifPresent(r -> bounded("charge id", r));
        sourceId.ifPresent(r -> bounded("source id", r));
    }

    /** A line without charge and source ids (formats that have none). */
    public SettlementRecord(long line, String providerReference, Optional<String> merchantReference, Type type,
                            Money gross, Money fee, Money net, Optional<BigDecimal> exchangeRate, LocalDate bookingDate,
                            Optional<String> payoutId) {
        this(line, providerReference, merchantReference, type, gross, fee, net, exchangeRate, bookingDate, payoutId,
                Optional.empty(), Optional.empty());
    }

    private static void bounded(String what, String value) {
        if (value.length() > MAX_REFERENCE) {
            throw new ValidationException("REFERENCE_TOO_LONG", what, what + " is longer than " + MAX_REFERENCE
                    + " characters");
        }
    }
}
