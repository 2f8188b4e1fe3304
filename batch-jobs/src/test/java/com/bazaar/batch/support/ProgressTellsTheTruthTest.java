package com.bazaar.batch.support;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The progress of a job says where it is: the step by a human name, rows of a total, percentage, rate and time left;
 * a step without rows shows its time; on a terminal the line is erased before the result and nothing follows; not on
 * a terminal, plain lines without a control character, none for a short run; an untrusted file name is escaped.
 */
class ProgressTellsTheTruthTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final StringWriter written = new StringWriter();

    private void advance(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private ProgressListener listener(boolean terminal, int width) {
        return new ProgressListener(new PrintWriter(written, true), terminal, now::get, () -> width,
                s -> s.replace("\u001b", "\\x1b").replace("\u202e", "\\u202e"), false);
    }

    @Test
    void aKnownTotalGivesPercentRateAndTimeLeft() {
        var line = new ProgressLine(now::get);
        line.job("refunds r.csv");
        line.step("issuing refunds", OptionalLong.of(1000));
        advance(10_000);
        line.rows(250, OptionalDouble.empty());
        assertThat(line.text()).isEqualTo("refunds r.csv: issuing refunds 250/1,000 rows (25%), 25 rows/s, ETA 30s");
    }

    @Test
    void theBytesReadEstimateTheTotal() {
        var line = new ProgressLine(now::get);
        line.job("catalog-import c.csv");
        line.step("staging", OptionalLong.empty());
        advance(2_000);
        line.rows(24_000, OptionalDouble.of(0.48));
        assertThat(line.text())
                .isEqualTo("catalog-import c.csv: staging 24,000/~50,000 rows (48%), 12,000 rows/s, ETA 2s");
    }

    @Test
    void theTotalIsNotEstimatedFromTheFirstFewPercentButThePercentageShows() {
        var line = new ProgressLine(now::get);
        line.step("staging", OptionalLong.empty());
        advance(1_000);
        line.rows(2_000, OptionalDouble.of(0.05));
        assertThat(line.text()).isEqualTo("staging 2,000 rows (5%), 2,000 rows/s, ETA 19s");
    }

    @Test
    void anUnknownTotalShowsRowsAndRateOnly() {
        var line = new ProgressLine(now::get);
        line.job("audit-export");
        line.step("exporting", OptionalLong.empty());
        advance(1_000);
        line.rows(5_000, OptionalDouble.empty());
        assertThat(line.text()).isEqualTo("audit-export: exporting 5,000 rows, 5,000 rows/s");
    }

    @Test
    void aStepWithoutRowsShowsHowLongItHasRun() {
        var line = new ProgressLine(now::get);
        line.job("catalog-import c.csv");
        line.step("applying", OptionalLong.of(50_000));
        advance(185_000);
        assertThat(line.text()).isEqualTo("catalog-import c.csv: applying 50,000 rows, 3m05s");
        assertThat(ProgressLine.duration(3720)).isEqualTo("1h02m");
    }

    @Test
    void stepsHaveHumanNames() {
        assertThat(ProgressLine.stepName("stage", false)).isEqualTo("staging");
        assertThat(ProgressLine.stepName("finish", false)).isEqualTo("applying");
        assertThat(ProgressLine.stepName("finish", true)).isEqualTo("planning");
        assertThat(ProgressLine.stepName("refund-partition:3", false)).isEqualTo("issuing refunds");
        assertThat(ProgressLine.stepName("classify", false)).isEqualTo("classifying");
        assertThat(ProgressLine.stepName("something-new", false)).isEqualTo("something-new");
    }

    @Test
    void onATerminalAStepChangeRepaintsAndTheLineIsErasedBeforeTheResult() {
        var progress = listener(true, 120);
        progress.begin("catalog-import", "/tmp/c.csv");
        progress.started("stage", false, 0);
        assertThat(written.toString()).startsWith(ProgressListener.CLEAR).contains("catalog-import c.csv: staging");
        advance(50);
        progress.rows(1000);
        assertThat(written.toString()).as("at most a few times a second").doesNotContain("1,000 rows");
        advance(200);
        progress.rows(2000);
        assertThat(written.toString()).contains("staging 2,000 rows");
        advance(10);
        progress.started("finish", false, 2000);
        assertThat(written.toString()).as("a new step at once").contains("applying 2,000 rows");
        advance(3_000);
        progress.tick();
        assertThat(written.toString()).as("a step without rows is not frozen").contains("applying 2,000 rows, 3s");
        progress.end();
        assertThat(written.toString()).endsWith(ProgressListener.CLEAR);
        int length = written.toString().length();
        advance(1_000);
        progress.tick();
        progress.rows(3000);
        progress.started("finish", false, 0);
        assertThat(written.toString()).as("nothing after the end").hasSize(length);
    }

    @Test
    void aLineNeverWrapsTheTerminal() {
        var progress = listener(true, 40);
        progress.begin("catalog-import", "/tmp/a-rather-long-file-name-of-a-seller.csv");
        progress.started("stage", false, 0);
        advance(1_000);
        progress.started("finish", false, 2_000_000);
        advance(1_000);
        progress.rows(1_000_000);
        progress.tick();
        for (String painted : painted()) {
            assertThat(ProgressListener.columns(painted)).as(painted).isLessThan(40);
        }
        // the shortest form (no file, no rate) still overflows 40 columns here: cut, and marked as cut
        assertThat(written.toString()).contains("…");
    }

    @Test
    void aNarrowTerminalLosesTheRateAndTheFileBeforeTheTimeLeft() {
        var progress = listener(true, 80);
        progress.begin("catalog-import", "/tmp/big.csv");
        progress.started("finish", false, 202_305);
        advance(2_000);
        progress.rows(24_000);
        progress.tick();
        List<String> lines = painted();
        // 85 columns in full: the rate goes first, the time left stays
        assertThat(lines.get(lines.size() - 1)).endsWith("catalog-import big.csv: applying 24,000/202,305 rows (11%), ETA 15s");
        progress.begin("catalog-import", "/tmp/" + "商品".repeat(20) + ".csv"); // wide characters take two columns
        progress.started("stage", false, 0);
        advance(2_000);
        progress.rows(24_000);
        progress.tick();
        lines = painted();
        assertThat(lines.get(lines.size() - 1)).doesNotContain("商品").contains("staging 24,000 rows");
        lines.forEach(l -> assertThat(ProgressListener.columns(l)).as(l).isLessThan(80));
    }

    /** The lines painted on the terminal so far, without the spinner's clearing sequence. */
    private List<String> painted() {
        return java.util.Arrays.stream(written.toString().split(java.util.regex.Pattern.quote(ProgressListener.CLEAR)))
                .filter(p -> !p.isEmpty()).toList();
    }

    @Test
    void notOnATerminalPlainLinesWithoutControlCharactersAndNoneForAShortRun() {
        var progress = listener(false, 80);
        progress.begin("inventory-sync", "/tmp/s.csv");
        progress.started("stage", false, 0);
        advance(1_000);
        progress.rows(1000);
        progress.tick();
        assertThat(written.toString()).as("a short run prints nothing").isEmpty();
        advance(4_500);
        progress.rows(6000);
        assertThat(written.toString()).isEqualTo("inventory-sync s.csv: staging 6,000 rows, 1,091 rows/s\n");
        advance(1_000);
        progress.started("finish", false, 6000);
        progress.tick();
        advance(5_000);
        progress.tick();
        progress.end();
        assertThat(written.toString()).endsWith("inventory-sync s.csv: applying 6,000 rows, 5s\n")
                .doesNotContain("\r").doesNotContain("\u001b");
    }

    @Test
    void anUntrustedFileNameIsEscaped() {
        var progress = listener(true, 200);
        progress.begin("catalog-import", "/tmp/evil\u001b]0;owned\u0007\u202e.csv");
        progress.started("stage", false, 0);
        progress.end();
        String shown = written.toString().replace(ProgressListener.CLEAR, "");
        assertThat(shown).contains("evil\\x1b]0;owned").doesNotContain("\u001b").doesNotContain("\u202e");
    }

    @Test
    void theReadPositionIsTheBytesReadLessTheReadersBufferUntilTheEnd() throws Exception {
        byte[] file = new byte[400_000];
        ReadPosition[] opened = new ReadPosition[1];
        try (var in = ReadPosition.track(new java.io.ByteArrayInputStream(file), file.length, p -> opened[0] = p)) {
            in.readNBytes((int) ReadPosition.READ_AHEAD);
            assertThat(ReadPosition.fraction()).as("still inside the reader's buffer").isEmpty();
            in.readNBytes(200_000 - (int) ReadPosition.READ_AHEAD);
            assertThat(ReadPosition.fraction().orElseThrow())
                    .isEqualTo((200_000.0 - ReadPosition.READ_AHEAD) / 400_000);
            in.readNBytes(200_000);
            assertThat(ReadPosition.fraction()).as("all read: its last rows are in the buffer").isEmpty();
        }
        opened[0].close();
        assertThat(ReadPosition.fraction()).as("closed: no file is read").isEmpty();
    }
}
