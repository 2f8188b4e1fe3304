package com.bazaar.reconciliation.settlement;

import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import com.bazaar.reconciliation.settlement.SettlementRecord.Type;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Stripe's itemized balance-transaction export ({@code stripe}): the "Balance change from activity" and "Payout
 * reconciliation" itemized CSVs, one line per balance transaction. Stripe writes amounts as decimals in major units
 * of the lower-case {@code currency} ({@code 12.99} usd, {@code 1200} jpy), signed by their effect on the balance
 * (refunds, disputes, fees and payouts negative) and with {@code net = gross - fee}, which is checked.
 *
 * <p>Columns used (others, and Stripe has many, are ignored): {@code balance_transaction_id} -> providerReference;
 * {@code currency, gross, fee, net}; {@code reporting_category} -> type; {@code created_utc}, else
 * {@code created}, else {@code available_on_utc}, else {@code available_on} -> bookingDate (the first non-empty,
 * date part); {@code automatic_payout_id} -> payoutId (for a payout line without one, its own {@code source_id});
 * {@code charge_id} -> chargeId and {@code source_id} -> sourceId (kept as they are); merchantReference as
 * {@link StripeReference} says (setting {@code recon.stripe.reference}; by default from
 * {@code payment_metadata[bazaar_payment]}, else from a {@code description} that is exactly {@code bazaar:<id>}).
 * See {@code docs/formats/settlement.md}.
 */
public final class StripeSettlementParser extends CsvSettlementParser {

    public static final String NAME = "stripe";

    static final String BALANCE_TRANSACTION_ID = "balance_transaction_id";
    static final String CREATED_UTC = "created_utc";
    static final String CREATED = "created";
    static final String AVAILABLE_ON_UTC = "available_on_utc";
    static final String AVAILABLE_ON = "available_on";
    static final String CURRENCY = "currency";
    static final String GROSS = "gross";
    static final String FEE = "fee";
    static final String NET = "net";
    static final String REPORTING_CATEGORY = "reporting_category";
    static final String SOURCE_ID = "source_id";
    static final String CHARGE_ID = "charge_id";
    static final String AUTOMATIC_PAYOUT_ID = "automatic_payout_id";
    static final String DESCRIPTION = "description";
    static final String BAZAAR_PAYMENT = "payment_metadata[bazaar_payment]";

    private static final List<String> DATE_COLUMNS = List.of(CREATED_UTC, CREATED, AVAILABLE_ON_UTC, AVAILABLE_ON);

    private final StripeReference reference;

    /** References as {@link StripeReference#DEFAULT} says. */
    public StripeSettlementParser() {
        this(StripeReference.defaults());
    }

    public StripeSettlementParser(StripeReference reference) {
        this.reference = Objects.requireNonNull(reference, "reference");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    List<String> requiredColumns() {
        return List.of(BALANCE_TRANSACTION_ID, CURRENCY, GROSS, FEE, NET, REPORTING_CATEGORY);
    }

    @Override
    List<String> optionalColumns() {
        return List.of(CREATED_UTC, CREATED, AVAILABLE_ON_UTC, AVAILABLE_ON, SOURCE_ID, CHARGE_ID,
                AUTOMATIC_PAYOUT_ID, DESCRIPTION, BAZAAR_PAYMENT);
    }

    @Override
    boolean refusesUnknownColumns() {
        return false;
    }

    /**
     * One of the date columns is required; and a reference other than the default must be able to read something:
     * a file with none of the columns it reads would leave every line without a reference.
     */
    @Override
    List<String> extraHeaderProblems(Columns columns) {
        List<String> problems = new ArrayList<>();
        if (DATE_COLUMNS.stream().noneMatch(columns::has)) {
            problems.add("missing required column: one of " + String.join(", ", DATE_COLUMNS));
        }
        if (!reference.isDefault() && reference.columns().stream().noneMatch(columns::has)) {
            problems.add("missing column" + (reference.columns().size() == 1 ? " " : "s: one of ")
                    + String.join(", ", reference.columns()) + " (recon.stripe.reference is '" + reference.spec()
                    + "')");
        }
        return problems;
    }

    /** Stripe's reporting_category -> our type: unknown and future categories are adjustments. */
    static Type type(String reportingCategory) {
        return switch (reportingCategory.toLowerCase(Locale.ROOT)) {
            case "charge" -> Type.PAYMENT;
            case "refund" -> Type.REFUND;
            case "dispute" -> Type.CHARGEBACK;
            case "fee", "network_cost" -> Type.FEE;
            case "payout" -> Type.PAYOUT;
            case "dispute_reversal" -> Type.CHARGEBACK_REVERSAL;
            case "refund_failure" -> Type.REFUND_REVERSAL;
            default -> Type.ADJUSTMENT;
        };
    }

    @Override
    SettlementRecord read(Row row) {
        String reference = row.required(BALANCE_TRANSACTION_ID);
        String category = row.required(REPORTING_CATEGORY);
        CurrencyCode currency = row.currency(CURRENCY);
        Money gross = row.amount(GROSS, currency);
        Money fee = row.amount(FEE, currency);
        Money net = row.amount(NET, currency);
        LocalDate date = bookingDate(row);
        if (row.failed()) {
            return null;
        }
        checkNet(row, gross, fee, net);
        if (row.failed()) {
            return null;
        }
        Type type = type(category);
        Optional<String> payout = row.optional(AUTOMATIC_PAYOUT_ID);
        if (payout.isEmpty() && type == Type.PAYOUT) {
            payout = row.optional(SOURCE_ID);
        }
        return new SettlementRecord(row.line(), reference, this.reference.of(row), type, gross, fee, net,
                Optional.empty(), date, payout, row.optional(CHARGE_ID), row.optional(SOURCE_ID));
    }

    private static LocalDate bookingDate(Row row) {
        for (String column : DATE_COLUMNS) {
            if (!row.text(column).isEmpty()) {
                return row.date(column, true);
            }
        }
        String present = DATE_COLUMNS.stream().filter(row::has).findFirst().orElse(CREATED);
        return row.date(present, true); // reports the missing value
    }
}
