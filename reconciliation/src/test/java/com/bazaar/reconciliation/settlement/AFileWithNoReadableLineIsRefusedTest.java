package com.bazaar.reconciliation.settlement;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A settlement file from which no data line could be read - the wrong provider, another report, a header only, an
 * empty file - is refused as a whole, naming the reasons of its first lines; one readable line is enough to run.
 */
class AFileWithNoReadableLineIsRefusedTest {

    private static LinesRead read(SettlementParser parser, String csv) {
        LinesRead read = new LinesRead();
        parser.parse(new java.io.ByteArrayInputStream(Parsed.utf8(csv)), r -> read.record(), read::problem);
        return read;
    }

    @Test
    void aStripeReportReadAsAdyenIsRefusedAtItsHeader() {
        LinesRead read = read(new AdyenSettlementParser(), """
                balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category
                txn_1,2026-11-20 10:00:00,usd,12.99,0.68,12.31,charge
                """);
        assertThat(read.refusal("/in/stripe.csv", "adyen")).hasValueSatisfying(r -> assertThat(r).startsWith(
                "no line of /in/stripe.csv could be read as an adyen settlement report: line 1: missing required"
                        + " columns: Psp Reference, "));
    }

    @Test
    void aFileWhoseEveryLineIsBadNamesTheFirstThreeReasonsAndCountsTheRest() {
        LinesRead read = read(new GenericSettlementParser(), """
                provider_reference,type,gross,fee,net,currency,booking_date
                t1,SALE,1.00,0,1.00,USD,2026-11-20
                t2,PAYMENT,1.00,0,1.00,USD,2026-02-30
                t3,PAYMENT,x,0,1.00,USD,2026-11-20
                t4,PAYMENT,1.00,0,1.00,XXX,2026-11-20
                t5,PAYMENT,1.00
                """);
        assertThat(read.records()).isZero();
        assertThat(read.problems()).isEqualTo(5);
        String refusal = read.refusal("f.csv", "generic").orElseThrow();
        assertThat(refusal).startsWith("no line of f.csv could be read as a generic settlement report: line 2: type:"
                + " unknown type 'SALE'").contains("; line 3: booking_date: bad date '2026-02-30'")
                .contains("; line 4: gross: amount must be a plain decimal").doesNotContain("line 5")
                .endsWith(" (and 2 more)");
    }

    @Test
    void oneReadableLineIsEnough() {
        LinesRead read = read(new GenericSettlementParser(), """
                provider_reference,type,gross,fee,net,currency,booking_date
                t1,SALE,1.00,0,1.00,USD,2026-11-20
                t2,PAYMENT,1.00,0,1.00,USD,2026-11-20
                """);
        assertThat(read.records()).isEqualTo(1);
        assertThat(read.refusal("f.csv", "generic")).isEmpty();
    }

    @Test
    void aHeaderWithoutDataAndAnEmptyFileAreRefusedToo() {
        assertThat(read(new StripeSettlementParser(), "balance_transaction_id,created_utc,currency,gross,fee,net,"
                + "reporting_category\n").refusal("f.csv", "stripe")).contains("no line of f.csv could be read as a"
                + " stripe settlement report: the file has a header and no data line");
        assertThat(read(new GenericSettlementParser(), "").refusal("f.csv", "generic")).contains("no line of f.csv"
                + " could be read as a generic settlement report: line 1: the file is empty: a generic settlement"
                + " report starts with a header row");
    }

    @Test
    void aLongReasonIsCut() {
        LinesRead read = new LinesRead();
        read.problem(new ParseProblem(2, "x".repeat(1_000), "raw"));
        Optional<String> refusal = read.refusal("f.csv", "generic");
        assertThat(refusal).hasValueSatisfying(r -> assertThat(r).endsWith("line 2: " + "x".repeat(200) + "...")
                .hasSizeLessThan(300));
    }
}
