package com.bazaar.domain.reconciliation;

import com.bazaar.domain.shared.Money;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A settlement line as reconciliation stores it (the parsers' normalized record). net = gross - fee. The charge and
 * source ids are the provider's ids of the line's charge and of the object that moved the balance (Stripe's
 * {@code charge_id} and {@code source_id}), kept so finance can look the line up at the provider; the classification
 * does not read them.
 */
public record SettlementLine(long line, String providerReference, Optional<String> merchantReference, String type,
                             Money gross, Money fee, Money net, Optional<BigDecimal> exchangeRate, LocalDate bookingDate,
                             Optional<String> payoutId, Optional<String> chargeId, Optional<String> sourceId) {

    /** The most characters of a charge or source id (as the database's CHECK, V20). */
    public static final int MAX_PROVIDER_ID = 255;

    public SettlementLine {
        if (!gross.minus(fee).equals(net)) {
            throw new IllegalArgumentException("net must be gross - fee on line " + line);
        }
        Objects.requireNonNull(chargeId, "chargeId");
        Objects.requireNonNull(sourceId, "sourceId");
        if (chargeId.map(String::length).orElse(0) > MAX_PROVIDER_ID
                || sourceId.map(String::length).orElse(0) > MAX_PROVIDER_ID) {
            throw new IllegalArgumentException("a charge or source id is longer than " + MAX_PROVIDER_ID
                    + " characters on line " + line);
        }
    }

    /** A line without charge and source ids. */
    public SettlementLine(long line, String providerReference, Optional<String> merchantReference, String type,
                          Money gross, Money fee, Money net, Optional<BigDecimal> exchangeRate, LocalDate bookingDate,
                          Optional<String> payoutId) {
        this(line, providerReference, merchantReference, type, gross, fee, net, exchangeRate, bookingDate, payoutId,
                Optional.empty(), Optional.empty());
    }
}
