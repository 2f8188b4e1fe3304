package com.bazaar.reconciliation.settlement;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The parsers read a file as a stream, and no amount ever passes through floating point. */
class SettlementParsingIsStreamingTest {

    private static final int LINES = 200_000;

    /** A generic settlement file of {@link #LINES} data lines, made as it is read; counts the bytes handed out. */
    private static final class GeneratedFile extends InputStream {

        final AtomicLong served = new AtomicLong();
        private byte[] current = "provider_reference,type,gross,fee,net,currency,booking_date\n"
                .getBytes(StandardCharsets.UTF_8);
        private int position;
        private int line;

        @Override
        public int read() {
            if (position == current.length) {
                if (line == LINES) {
                    return -1;
                }
                line++;
                current = ("p-" + line + ",PAYMENT,12.99,0.68,12.31,USD,2026-11-20\n").getBytes(StandardCharsets.UTF_8);
                position = 0;
            }
            served.incrementAndGet();
            return current[position++] & 0xFF;
        }
    }

    @Test
    void theFirstRecordArrivesLongBeforeTheFileHasBeenRead() {
        GeneratedFile file = new GeneratedFile();
        AtomicLong servedAtFirstRecord = new AtomicLong(-1);
        AtomicLong records = new AtomicLong();
        List<ParseProblem> problems = new java.util.ArrayList<>();
        new GenericSettlementParser().parse(file, r -> {
            if (records.getAndIncrement() == 0) {
                servedAtFirstRecord.set(file.served.get());
            }
        }, problems::add);
        assertThat(problems).isEmpty();
        assertThat(records.get()).isEqualTo(LINES);
        assertThat(file.served.get()).isGreaterThan(8_000_000L);
        assertThat(servedAtFirstRecord.get()).isLessThan(file.served.get() / 20);
    }

    @Test
    void theParsersNeverUseFloatingPoint() throws IOException {
        Pattern floating = Pattern.compile("\\b(double|float|Double|Float)\\b");
        try (Stream<Path> sources = Files.list(Path.of("src/main/java/com/bazaar/reconciliation/settlement"))) {
            List<Path> files = sources.filter(p -> p.toString().endsWith(".java")).toList();
            assertThat(files).isNotEmpty();
            for (Path source : files) {
                assertThat(floating.matcher(Files.readString(source)).find()).as(source.toString()).isFalse();
            }
        }
    }
}
