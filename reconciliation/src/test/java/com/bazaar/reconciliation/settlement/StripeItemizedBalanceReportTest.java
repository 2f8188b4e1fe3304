package com.bazaar.reconciliation.settlement;

import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import com.bazaar.reconciliation.settlement.SettlementRecord.Type;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stripe's "Itemized balance change from activity" report in the shape Stripe documents it (its columns in its
 * order, metadata columns, charges, refunds - one returning part of the fee -, a dispute, a Radar fee and a card
 * network cost, amounts below 1 written without the leading zero), read with each reference setting.
 */
class StripeItemizedBalanceReportTest {

    private static final CurrencyCode USD = CurrencyCode.of("USD");
    private static final String FIXTURE = "/settlement/stripe-itemized-balance.csv";

    private static Parsed read(StripeReference reference) throws IOException {
        try (InputStream in = StripeItemizedBalanceReportTest.class.getResourceAsStream(FIXTURE)) {
            assertThat(in).as(FIXTURE).isNotNull();
            return Parsed.parse(new StripeSettlementParser(reference), in.readAllBytes());
        }
    }

    /** Line -> merchant reference ("" for none). */
    private static Map<Long, String> references(Parsed parsed) {
        return parsed.records().stream().collect(Collectors.toMap(SettlementRecord::line,
                r -> r.merchantReference().orElse("")));
    }

    @Test
    void everyLineIsReadWithStripesSignsAndAmountsBelowOne() throws IOException {
        Parsed parsed = read(StripeReference.defaults());
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.records()).hasSize(9);
        assertThat(parsed.records().stream().collect(Collectors.groupingBy(SettlementRecord::type,
                Collectors.counting()))).isEqualTo(Map.of(Type.PAYMENT, 4L, Type.REFUND, 2L, Type.CHARGEBACK, 1L,
                Type.FEE, 2L));
        assertThat(parsed.record(3).gross()).isEqualTo(Money.of(50, USD));
        assertThat(parsed.record(3).fee()).isEqualTo(Money.of(31, USD));
        assertThat(parsed.record(3).net()).isEqualTo(Money.of(19, USD));
        SettlementRecord partFeeBack = parsed.record(7);
        assertThat(partFeeBack.gross()).isEqualTo(Money.of(-75, USD));
        assertThat(partFeeBack.fee()).isEqualTo(Money.of(-2, USD));
        assertThat(partFeeBack.net()).isEqualTo(Money.of(-73, USD));
        assertThat(parsed.record(10).net()).isEqualTo(Money.of(-12, USD));
        long net = parsed.records().stream().mapToLong(r -> r.net().minor()).sum();
        assertThat(net).isEqualTo(2_301 + 19 + 941 + 11_622 - 500 - 73 - 2_500 - 200 - 12);
        assertThat(parsed.records()).allSatisfy(r -> assertThat(r.payoutId()).contains("po_1QB1bz2eZvKYlo2C5001"));
        assertThat(parsed.record(2).bookingDate()).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(parsed.record(2).providerReference()).isEqualTo("txn_3QA1bz2eZvKYlo2C0001");
    }

    @Test
    void theChargeAndSourceIdsAreKeptWhateverTheReference() throws IOException {
        Parsed parsed = read(StripeReference.defaults());
        SettlementRecord refund = parsed.record(6);
        assertThat(refund.chargeId()).contains("ch_3QA1bz2eZvKYlo2C1001");
        assertThat(refund.sourceId()).contains("re_3QA5bz2eZvKYlo2C3005");
        assertThat(parsed.record(8).sourceId()).contains("dp_1QA7bz2eZvKYlo2C4007");
        assertThat(parsed.record(9).chargeId()).isEmpty();
        assertThat(parsed.record(9).sourceId()).isEmpty();
    }

    @Test
    void byDefaultTheBazaarPaymentMetadataElseABazaarDescription() throws IOException {
        assertThat(references(read(StripeReference.defaults()))).isEqualTo(Map.of(2L, "5001", 3L, "5002", 4L, "5003",
                5L, "", 6L, "5001", 7L, "5003", 8L, "5003", 9L, "", 10L, ""));
    }

    @Test
    void aMetadataKeyOfTheIntegrationsChoosing() throws IOException {
        assertThat(references(read(StripeReference.parse("metadata:order_id")))).isEqualTo(Map.of(2L, "7001",
                3L, "7002", 4L, "7003", 5L, "", 6L, "7001", 7L, "7003", 8L, "7003", 9L, "", 10L, ""));
    }

    @Test
    void theFirstGroupOfAPatternFoundInTheDescription() throws IOException {
        assertThat(references(read(StripeReference.parse("description:Bazaar order (\\d+)")))).isEqualTo(Map.of(
                2L, "7001", 3L, "", 4L, "7003", 5L, "7004", 6L, "7001", 7L, "7003", 8L, "", 9L, "", 10L, ""));
    }

    @Test
    void theChargeId() throws IOException {
        Parsed parsed = read(StripeReference.parse("charge_id"));
        assertThat(references(parsed)).isEqualTo(Map.of(2L, "ch_3QA1bz2eZvKYlo2C1001", 3L, "ch_3QA2bz2eZvKYlo2C1002",
                4L, "ch_3QA3bz2eZvKYlo2C1003", 5L, "ch_3QA4bz2eZvKYlo2C1004", 6L, "ch_3QA1bz2eZvKYlo2C1001",
                7L, "ch_3QA3bz2eZvKYlo2C1003", 8L, "ch_3QA3bz2eZvKYlo2C1003", 9L, "", 10L, ""));
    }

    @Test
    void sourcesAreTriedInOrder() throws IOException {
        assertThat(references(read(StripeReference.parse("metadata:bazaar_payment, description:order (\\d+)"))))
                .isEqualTo(Map.of(2L, "5001", 3L, "", 4L, "5003", 5L, "7004", 6L, "5001", 7L, "5003", 8L, "5003",
                        9L, "", 10L, ""));
    }

    @Test
    void aSettingThatReadsNoColumnOfTheFileRefusesItAtTheHeader() throws IOException {
        Parsed parsed = read(StripeReference.parse("metadata:cart"));
        assertThat(parsed.records()).isEmpty();
        assertThat(parsed.problem(1).reason()).isEqualTo("missing column payment_metadata[cart]"
                + " (recon.stripe.reference is 'metadata:cart')");
        assertThat(parsed.problems()).hasSize(1);
    }
}
