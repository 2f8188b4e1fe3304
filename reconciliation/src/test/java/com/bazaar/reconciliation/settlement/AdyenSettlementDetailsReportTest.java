package com.bazaar.reconciliation.settlement;

import com.bazaar.domain.reconciliation.Category;
import com.bazaar.domain.reconciliation.ReferenceClassifier;
import com.bazaar.domain.reconciliation.Reconciliations.Waterfall;
import com.bazaar.domain.reconciliation.SettlementLine;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import com.bazaar.reconciliation.settlement.SettlementRecord.Type;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;

import static com.bazaar.reconciliation.settlement.Parsed.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An Adyen Settlement Details Report in the shape Adyen documents (every default column, Reserved4-10 included, CRLF):
 * batch 101 with payments, a refund, a {@code Fee} and a {@code MiscCosts} line with no reference at all and a payout;
 * batch 102 with a chargeback and an {@code InvoiceDeduction} and a {@code MiscCosts} line with no reference, whose
 * balance is negative, so Adyen collects it (a {@code MerchantPayout} credit: a negative payout). Batch-level costs are
 * fees of their batch, and both waterfalls add up, each with its sign.
 */
class AdyenSettlementDetailsReportTest {

    private static final CurrencyCode USD = CurrencyCode.of("USD");

    private final Parsed parsed = parse(new AdyenSettlementParser(), resource("adyen-settlement-details.csv"));

    static byte[] resource(String name) {
        try (InputStream in = AdyenSettlementDetailsReportTest.class.getResourceAsStream("/settlement/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyLineOfTheReportIsARecord() {
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.lines()).containsExactlyElementsOf(LongStream.rangeClosed(2, 13).boxed().toList());
    }

    @Test
    void batchLevelCostsWithoutAnyReferenceAreFeesOfTheirBatch() {
        assertThat(List.of(6L, 7L, 11L, 12L)).allSatisfy(line -> {
            SettlementRecord cost = parsed.record(line);
            assertThat(cost.type()).isEqualTo(Type.FEE);
            assertThat(cost.merchantReference()).isEmpty();
            assertThat(cost.fee()).isEqualTo(Money.zero(USD));
            assertThat(cost.gross()).isEqualTo(cost.net());
            assertThat(cost.net().minor()).isNegative();
        });
        SettlementRecord fee = parsed.record(6);
        assertThat(fee.providerReference()).isEqualTo("batch-101:Fee:line-6");
        assertThat(fee.payoutId()).contains("batch-101");
        assertThat(fee.net()).isEqualTo(Money.of(-125, USD));
        assertThat(parsed.record(7).providerReference()).isEqualTo("batch-101:MiscCosts:line-7");
        SettlementRecord invoice = parsed.record(11);
        assertThat(invoice.providerReference()).isEqualTo("batch-102:InvoiceDeduction:line-11");
        assertThat(invoice.payoutId()).contains("batch-102");
        assertThat(invoice.net()).isEqualTo(Money.of(-1_000, USD));
    }

    @Test
    void aPayoutIsADebitAndACollectedNegativeBalanceACredit() {
        assertThat(parsed.record(8)).isEqualTo(new SettlementRecord(8, "TX101PAYOUT7Q2", Optional.empty(), Type.PAYOUT,
                Money.of(-6_103, USD), Money.zero(USD), Money.of(-6_103, USD), Optional.empty(),
                LocalDate.of(2026, 11, 22), Optional.of("batch-101")));
        assertThat(parsed.record(13)).as("the sign is kept").isEqualTo(new SettlementRecord(13, "TX102PAYOUT3K8",
                Optional.empty(), Type.PAYOUT, Money.of(2_650, USD), Money.zero(USD), Money.of(2_650, USD),
                Optional.empty(), LocalDate.of(2026, 11, 23), Optional.of("batch-102")));
    }

    @Test
    void bothBatchesAddUpWithTheirCostsAndTheirSigns() {
        var result = classify(parsed);
        assertThat(result.waterfalls()).containsExactly(
                new Waterfall("batch-101", "USD", big(7_000), big(397), big(500), big(0), big(0),
                        Optional.of(big(6_103)), true),
                new Waterfall("batch-102", "USD", big(3_000), big(2_650), big(0), big(3_000), big(0),
                        Optional.of(big(-2_650)), true));
        assertThat(result.items()).filteredOn(i -> i.line().equals(Optional.of(8L))
                        || i.line().equals(Optional.of(13L)))
                .extracting(ReferenceClassifier.Item::category).containsExactly(Category.MATCHED, Category.MATCHED);
    }

    @Test
    void aBatchLevelCostWithoutAReferenceOrABatchIsStillAProblem() {
        Parsed p = parse(new AdyenSettlementParser(), """
                Psp Reference,Merchant Reference,Creation Date,Type,Modification Reference,Gross Currency,Gross Debit (GC),Gross Credit (GC),Net Currency,Net Debit (NC),Net Credit (NC),Batch Number
                ,,2026-11-22 04:10:05,MiscCosts,,,,,USD,0.50,,
                ,,2026-11-22 04:10:05,Balancetransfer,,,,,USD,0.50,,101
                """);
        assertThat(p.records()).isEmpty();
        assertThat(p.problem(2).reason()).isEqualTo("Psp Reference: missing required value (and no Modification"
                + " Reference, nor a Batch Number for a batch-level cost)");
        assertThat(p.problem(3).reason()).isEqualTo("Psp Reference: missing required value (and no Modification"
                + " Reference)");
    }

    /** Batch 103 of the same report as Adyen writes it, decimals without a leading zero ({@code .51}). */
    @Test
    void leadingDotDecimalsAddUpToo() {
        Parsed dots = parse(new AdyenSettlementParser(), resource("adyen-settlement-details-leading-dot.csv"));
        assertThat(dots.problems()).isEmpty();
        assertThat(dots.record(3).providerReference()).isEqualTo("batch-103:MiscCosts:line-3");
        assertThat(dots.record(3).net()).isEqualTo(Money.of(-7, USD));
        assertThat(classify(dots).waterfalls()).containsExactly(new Waterfall("batch-103", "USD", big(95), big(44),
                big(0), big(0), big(0), Optional.of(big(51)), true));
    }

    private static ReferenceClassifier.Result classify(Parsed parsed) {
        List<SettlementLine> lines = parsed.records().stream().map(r -> new SettlementLine(r.line(),
                r.providerReference(), r.merchantReference(), r.type().name(), r.gross(), r.fee(), r.net(),
                r.exchangeRate(), r.bookingDate(), r.payoutId())).toList();
        LocalDate day = LocalDate.of(2026, 11, 24);
        return ReferenceClassifier.classify(new ReferenceClassifier.Run(lines, List.of(), List.of(), Set.of(), 2,
                Optional.of(day), day, ZoneOffset.UTC));
    }

    private static BigInteger big(long value) {
        return BigInteger.valueOf(value);
    }
}
