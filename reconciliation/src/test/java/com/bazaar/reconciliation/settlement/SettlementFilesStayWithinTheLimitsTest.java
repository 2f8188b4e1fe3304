package com.bazaar.reconciliation.settlement;

import com.bazaar.batch.csv.CsvReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static com.bazaar.reconciliation.settlement.Parsed.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every settlement format reads through the CSV reader's limits: a line over a limit is one problem naming its line
 * and column, nothing of it is kept, and the next line is read; an over-limit header is the header's one problem; a
 * reference longer than 255 characters is its line's problem, so a staged batch stays small whatever the file holds.
 */
class SettlementFilesStayWithinTheLimitsTest {

    /** A format, a valid header and a valid line for it, and a line whose provider reference is {@code %s}. */
    record Format(SettlementParser parser, String header, String good, String withReference) {
        @Override
        public String toString() {
            return parser.name();
        }
    }

    static Stream<Format> formats() {
        return Stream.of(
                new Format(new GenericSettlementParser(),
                        "provider_reference,type,gross,fee,net,currency,booking_date",
                        "p-1,PAYMENT,12.99,0.68,12.31,USD,2026-11-20",
                        "%s,PAYMENT,1.00,0.00,1.00,USD,2026-11-20"),
                new Format(new StripeSettlementParser(),
                        "balance_transaction_id,created,currency,gross,fee,net,reporting_category",
                        "txn_1,2026-11-20 13:45:10,usd,12.99,0.68,12.31,charge",
                        "%s,2026-11-20 13:45:10,usd,1.00,0.00,1.00,charge"),
                new Format(new AdyenSettlementParser(),
                        "Psp Reference,Merchant Reference,Creation Date,Type,Gross Currency,Gross Debit (GC),"
                                + "Gross Credit (GC),Net Currency,Net Debit (NC),Net Credit (NC),Batch Number",
                        "8815000000000001,5001,2026-11-20 13:45:10,Settled,USD,,100.00,USD,,100.00,42",
                        "%s,5001,2026-11-20 13:45:10,Settled,USD,,1.00,USD,,1.00,42"));
    }

    @ParameterizedTest
    @MethodSource("formats")
    void aLineOverALimitIsOneProblemAndTheNextLineIsRead(Format format) {
        String tooWide = "x" + ",x".repeat(CsvReader.MAX_COLUMNS);
        String tooLong = "\"" + "y".repeat(CsvReader.MAX_FIELD + 1) + "\"";
        var parsed = parse(format.parser(), format.header() + "\n" + tooWide + "\n" + format.good() + "\n" + tooLong
                + "\n" + format.good() + "\n");
        assertThat(parsed.problems()).extracting(ParseProblem::line).containsExactly(2L, 4L);
        assertThat(parsed.problems().get(0).reason())
                .isEqualTo("unreadable line: row 2, column 1,025: more than 1,024 columns");
        assertThat(parsed.problems().get(1).reason()).isEqualTo("unreadable line: row 4, column 1: a field is longer"
                + " than 1,048,576 characters (is a closing quote missing?)");
        assertThat(parsed.problems()).extracting(ParseProblem::raw).containsOnly("");
        assertThat(parsed.records()).extracting(SettlementRecord::line).containsExactly(3L, 5L);
    }

    @ParameterizedTest
    @MethodSource("formats")
    void aHeaderOverALimitIsTheHeadersOneProblem(Format format) {
        var parsed = parse(format.parser(), format.header() + ",x".repeat(CsvReader.MAX_COLUMNS) + "\n"
                + format.good() + "\n");
        assertThat(parsed.records()).isEmpty();
        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.reason()).isEqualTo("the header cannot be read: row 1, column 1,025: more than 1,024 columns");
        });
    }

    @ParameterizedTest
    @MethodSource("formats")
    void aReferenceOver255CharactersIsItsLinesProblem(Format format) {
        var parsed = parse(format.parser(), format.header() + "\n"
                + format.withReference().formatted("r".repeat(SettlementRecord.MAX_REFERENCE)) + "\n"
                + format.withReference().formatted("r".repeat(SettlementRecord.MAX_REFERENCE + 1)) + "\n");
        assertThat(parsed.records()).extracting(SettlementRecord::line).containsExactly(2L);
        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.reason()).isEqualTo("provider reference is longer than 255 characters");
        });
    }
}
