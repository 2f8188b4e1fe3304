package com.bazaar.reconciliation.settlement;

import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import com.bazaar.reconciliation.settlement.SettlementRecord.Type;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Bazaar's own settlement CSV ({@code generic}), documented in {@code docs/formats/settlement.md}: one line per
 * transaction with the columns {@code provider_reference, merchant_reference, type, gross, fee, net, currency,
 * booking_date, payout_id, exchange_rate}, in any order, names case-insensitive. {@code merchant_reference},
 * {@code payout_id} and {@code exchange_rate} may be left out or empty; any other column refuses the whole file.
 * Amounts are plain decimals in the currency's exponent (negative allowed), and net must equal gross - fee.
 */
public final class GenericSettlementParser extends CsvSettlementParser {

    public static final String NAME = "generic";

    static final String PROVIDER_REFERENCE = "provider_reference";
    static final String MERCHANT_REFERENCE = "merchant_reference";
    static final String TYPE = "type";
    static final String GROSS = "gross";
    static final String FEE = "fee";
    static final String NET = "net";
    static final String CURRENCY = "currency";
    static final String BOOKING_DATE = "booking_date";
    static final String PAYOUT_ID = "payout_id";
    static final String EXCHANGE_RATE = "exchange_rate";

    private static final String TYPES = Arrays.stream(Type.values()).map(Enum::name).collect(Collectors.joining(", "));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    List<String> requiredColumns() {
        return List.of(PROVIDER_REFERENCE, TYPE, GROSS, FEE, NET, CURRENCY, BOOKING_DATE);
    }

    @Override
    List<String> optionalColumns() {
        return List.of(MERCHANT_REFERENCE, PAYOUT_ID, EXCHANGE_RATE);
    }

    @Override
    boolean refusesUnknownColumns() {
        return true;
    }

    @Override
    SettlementRecord read(Row row) {
        String reference = row.required(PROVIDER_REFERENCE);
        Type type = type(row);
        CurrencyCode currency = row.currency(CURRENCY);
        Money gross = row.amount(GROSS, currency);
        Money fee = row.amount(FEE, currency);
        Money net = row.amount(NET, currency);
        LocalDate date = row.date(BOOKING_DATE, false);
        Optional<BigDecimal> rate = row.rate(EXCHANGE_RATE);
        if (row.failed()) {
            return null;
        }
        checkNet(row, gross, fee, net);
        if (row.failed()) {
            return null;
        }
        return new SettlementRecord(row.line(), reference, row.optional(MERCHANT_REFERENCE), type, gross, fee, net,
                rate, date, row.optional(PAYOUT_ID));
    }

    private static Type type(Row row) {
        String value = row.required(TYPE);
        if (value == null) {
            return null;
        }
        try {
            return Type.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            row.error(TYPE + ": unknown type '" + value + "' (expected one of " + TYPES + ")");
            return null;
        }
    }
}
