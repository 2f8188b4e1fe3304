package com.bazaar.reconciliation.settlement;

import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import com.bazaar.reconciliation.settlement.SettlementRecord.Type;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Adyen's Settlement Details Report ({@code adyen}, "SDR"): one line per booking in a payout batch, with amounts as
 * decimals in major units split into debit and credit columns, in the gross (transaction) currency ("GC") and the
 * net (settlement) currency ("NC").
 *
 * <ul>
 *   <li>type from {@code Type}: Settled -> PAYMENT, Refunded -> REFUND, Chargeback -> CHARGEBACK, Fee / MiscCosts /
 *       InvoiceDeduction -> FEE, MerchantPayout -> PAYOUT, ChargebackReversed -> CHARGEBACK_REVERSAL,
 *       RefundedReversed -> REFUND_REVERSAL, DepositCorrection -> PAYMENT_CORRECTION, any other -> ADJUSTMENT;</li>
 *   <li>net = {@code Net Credit (NC) - Net Debit (NC)} (so refunds, chargebacks, fees and payouts are negative, and a
 *       negative payout, a negative balance Adyen collects from the merchant, is positive: the sign is kept);</li>
 *   <li>fee = {@code Commission (NC) + Markup (NC) + Scheme Fees (NC) + Interchange (NC)} (absent or empty = 0);</li>
 *   <li>gross = {@code Gross Credit (GC) - Gross Debit (GC)} when the gross currency is the net currency, checked
 *       against net = gross - fee. <b>When the currencies differ</b>, the record keeps every amount in the net
 *       currency: gross = net + fee (what Adyen settled before its fees), and {@code Exchange Rate} is kept exactly
 *       as {@code exchangeRate}; the gross-currency amount is only checked to be a valid amount (Adyen rounds the
 *       conversion, so it cannot be re-derived to the minor unit). Lines with no gross amount (fees, payouts,
 *       corrections) also get gross = net + fee;</li>
 *   <li>providerReference = {@code Psp Reference} (the payment's), else {@code Modification Reference} (balance-level
 *       lines such as fees and payouts have no PSP reference); a batch-level cost ({@code Fee}, {@code MiscCosts},
 *       {@code InvoiceDeduction}) with neither is a fee of its batch, referenced as
 *       {@code "batch-<Batch Number>:<Type>:line-<line>"}; merchantReference = {@code Merchant Reference};
 *       payoutId = {@code "batch-" + Batch Number}; bookingDate = the date of {@code Creation Date} (in the report's
 *       {@code TimeZone}, as written).</li>
 * </ul>
 * Columns other than those read are ignored. See {@code docs/formats/settlement.md}.
 */
public final class AdyenSettlementParser extends CsvSettlementParser {

    public static final String NAME = "adyen";

    static final String PSP_REFERENCE = "Psp Reference";
    static final String MERCHANT_REFERENCE = "Merchant Reference";
    static final String CREATION_DATE = "Creation Date";
    static final String TYPE = "Type";
    static final String MODIFICATION_REFERENCE = "Modification Reference";
    static final String GROSS_CURRENCY = "Gross Currency";
    static final String GROSS_DEBIT = "Gross Debit (GC)";
    static final String GROSS_CREDIT = "Gross Credit (GC)";
    static final String EXCHANGE_RATE = "Exchange Rate";
    static final String NET_CURRENCY = "Net Currency";
    static final String NET_DEBIT = "Net Debit (NC)";
    static final String NET_CREDIT = "Net Credit (NC)";
    static final String COMMISSION = "Commission (NC)";
    static final String MARKUP = "Markup (NC)";
    static final String SCHEME_FEES = "Scheme Fees (NC)";
    static final String INTERCHANGE = "Interchange (NC)";
    static final String BATCH_NUMBER = "Batch Number";

    private static final List<String> FEE_COLUMNS = List.of(COMMISSION, MARKUP, SCHEME_FEES, INTERCHANGE);
    /** Journal types of costs Adyen books on a batch as a whole, often with no reference at all (lower case). */
    private static final List<String> BATCH_COSTS = List.of("fee", "misccosts", "invoicededuction");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    List<String> requiredColumns() {
        return List.of(PSP_REFERENCE, MERCHANT_REFERENCE, CREATION_DATE, TYPE, GROSS_CURRENCY, GROSS_DEBIT,
                GROSS_CREDIT, NET_CURRENCY, NET_DEBIT, NET_CREDIT, BATCH_NUMBER);
    }

    @Override
    List<String> optionalColumns() {
        return List.of(MODIFICATION_REFERENCE, EXCHANGE_RATE, COMMISSION, MARKUP, SCHEME_FEES, INTERCHANGE);
    }

    @Override
    boolean refusesUnknownColumns() {
        return false;
    }

    /** Adyen's journal type -> our type: unknown and future types are adjustments. */
    static Type type(String journalType) {
        return switch (journalType.toLowerCase(Locale.ROOT)) {
            case "settled" -> Type.PAYMENT;
            case "refunded" -> Type.REFUND;
            case "chargeback" -> Type.CHARGEBACK;
            case "fee", "misccosts", "invoicededuction" -> Type.FEE;
            case "merchantpayout" -> Type.PAYOUT;
            case "chargebackreversed" -> Type.CHARGEBACK_REVERSAL;
            case "refundedreversed" -> Type.REFUND_REVERSAL;
            // Adyen: a change of the security deposit it withholds; matched to a payment when it names one
            case "depositcorrection" -> Type.PAYMENT_CORRECTION;
            default -> Type.ADJUSTMENT;
        };
    }

    @Override
    SettlementRecord read(Row row) {
        String journalType = row.required(TYPE);
        String reference = reference(row, journalType);
        LocalDate date = row.date(CREATION_DATE, true);
        CurrencyCode netCurrency = row.currency(NET_CURRENCY);
        if (row.text(NET_DEBIT).isEmpty() && row.text(NET_CREDIT).isEmpty()) {
            row.error(NET_CREDIT + " / " + NET_DEBIT + ": missing required value (one of them)");
        }
        Money netCredit = row.amountOrZero(NET_CREDIT, netCurrency);
        Money netDebit = row.amountOrZero(NET_DEBIT, netCurrency);
        Money fee = netCurrency == null ? null : Money.zero(netCurrency);
        for (String column : FEE_COLUMNS) {
            Money part = row.amountOrZero(column, netCurrency);
            fee = fee == null || part == null ? null : fee.plus(part);
        }
        Money stated = statedGross(row);
        if (row.failed()) {
            return null;
        }
        Money net = netCredit.minus(netDebit);
        Money gross;
        Optional<BigDecimal> rate = Optional.empty();
        if (stated == null) {
            gross = net.plus(fee);
        } else if (stated.currency().equals(netCurrency)) {
            gross = stated;
            checkNet(row, gross, fee, net);
        } else {
            rate = row.rate(EXCHANGE_RATE);
            if (rate.isEmpty() && !row.failed()) {
                row.error(EXCHANGE_RATE + ": missing required value (Gross Currency " + stated.currency()
                        + " differs from Net Currency " + netCurrency + ")");
            }
            gross = net.plus(fee);
        }
        if (row.failed()) {
            return null;
        }
        Optional<String> batch = row.optional(BATCH_NUMBER).map(b -> "batch-" + b);
        return new SettlementRecord(row.line(), reference, row.optional(MERCHANT_REFERENCE), type(journalType), gross,
                fee, net, rate, date, batch);
    }

    /**
     * The PSP reference, else the modification reference, else, for a batch-level cost that has neither (Adyen books
     * its invoice deductions and miscellaneous costs on the batch), one made of its batch, type and line: the line is
     * a fee of its batch, and so enters that payout's waterfall.
     */
    private static String reference(Row row, String journalType) {
        String psp = row.text(PSP_REFERENCE);
        if (!psp.isEmpty()) {
            return psp;
        }
        String modification = row.text(MODIFICATION_REFERENCE);
        if (!modification.isEmpty()) {
            return modification;
        }
        String batch = row.text(BATCH_NUMBER);
        boolean batchCost = journalType != null && BATCH_COSTS.contains(journalType.toLowerCase(Locale.ROOT));
        if (batchCost && !batch.isEmpty()) {
            return "batch-" + batch + ":" + journalType + ":line-" + row.line();
        }
        row.error(PSP_REFERENCE + ": missing required value (and no " + MODIFICATION_REFERENCE
                + (batchCost ? ", nor a " + BATCH_NUMBER + " for a batch-level cost" : "") + ")");
        return null;
    }

    /** Gross Credit - Gross Debit in the gross currency; {@code null} when the line states no gross amount. */
    private static Money statedGross(Row row) {
        if (row.text(GROSS_CREDIT).isEmpty() && row.text(GROSS_DEBIT).isEmpty()) {
            return null;
        }
        CurrencyCode currency = row.currency(GROSS_CURRENCY);
        Money credit = row.amountOrZero(GROSS_CREDIT, currency);
        Money debit = row.amountOrZero(GROSS_DEBIT, currency);
        return credit == null || debit == null ? null : credit.minus(debit);
    }
}
