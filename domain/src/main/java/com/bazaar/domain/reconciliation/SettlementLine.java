package com.bazaar.domain.reconciliation;

import com.bazaar.domain.shared.Money;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/** A settlement line as reconciliation stores it (the parsers' normalized record). net = gross - fee. */
public record SettlementLine(long line, String providerReference, Optional<String> merchantReference, String type,
                             Money gross, Money fee, Money net, Optional<BigDecimal> exchangeRate, LocalDate bookingDate,
                             Optional<String> payoutId) {
    public SettlementLine {
        if (!gross.minus(fee).equals(net)) {
            throw new IllegalArgumentException("net must be gross - fee on line " + line);
        }
    }
}
