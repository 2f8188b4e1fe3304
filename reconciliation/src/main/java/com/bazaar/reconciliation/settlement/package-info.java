/**
 * Settlement reports of payment providers, each format parsed into one normalized {@link SettlementRecord}
 * (amounts in minor units by the currency's exponent, never floating point). Bad lines are reported with their line
 * numbers, never dropped.
 *
 * <p>The formats, by their command-line names ({@link com.bazaar.reconciliation.settlement.SettlementFormats}):
 * {@code generic} (Bazaar's own CSV, {@link com.bazaar.reconciliation.settlement.GenericSettlementParser}),
 * {@code stripe} (Stripe's itemized balance-transaction export,
 * {@link com.bazaar.reconciliation.settlement.StripeSettlementParser}) and {@code adyen} (Adyen's Settlement Details
 * Report, {@link com.bazaar.reconciliation.settlement.AdyenSettlementParser}). The contract and the column mappings
 * are in {@code docs/formats/settlement.md}.
 */
package com.bazaar.reconciliation.settlement;
