package com.bazaar.cli.commands;

import com.bazaar.cli.output.Output;
import com.bazaar.domain.shared.Cursor;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.shared.PageRequest;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --all} holds one page at a time: when a page is read, every row of the pages before it has already been
 * written and flushed (so nothing but the current page is kept), each read asks for the next page after the last row
 * written, and the output is the same document a reader of all rows at once would get.
 */
class AllStreamsOnePageAtATimeTest {

    private static final long ROWS = 1_003;
    private static final int PAGE = 10;

    /** A list of ROWS numbers, read by keyset: rows after the cursor, PAGE + 1 at a time. */
    private static Page<Long> read(PageRequest request) {
        long after = request.after("numbers", 1).map(c -> c.number(0)).orElse(0L);
        List<Long> probed = LongStream.rangeClosed(after + 1, Math.min(ROWS, after + request.probe())).boxed().toList();
        return Page.of(probed, request, n -> Cursor.of("numbers", n));
    }

    private static Map<String, Object> view(Long n) {
        return Map.of("n", n, "label", n == 3 ? "row three, the long one" : "row " + n, "x", "x");
    }

    /** Counts the rows already flushed to the writer underneath. */
    private static final class FlushedRows extends StringWriter {
        private long flushed;

        @Override
        public void flush() {
            flushed = toString().lines().filter(line -> line.contains("row ")).count();
        }
    }

    private PageOptions.WithAll all(String... args) {
        var options = new PageOptions.WithAll();
        new CommandLine(new Object() {
            @CommandLine.Mixin
            PageOptions.WithAll paging = options;
        }).parseArgs(args);
        return options;
    }

    private void streams(String format) {
        FlushedRows out = new FlushedRows();
        StringWriter err = new StringWriter();
        List<Long> flushedAtEachRead = new ArrayList<>();
        Function<PageRequest, Page<Long>> reader = request -> {
            out.flush();
            flushedAtEachRead.add(out.flushed);
            return read(request);
        };
        all("--all", "--limit", Integer.toString(PAGE)).print(new Output(new PrintWriter(out), format),
                new PrintWriter(err), List.of("n", "label", "x"), reader, AllStreamsOnePageAtATimeTest::view);
        assertThat(flushedAtEachRead).hasSize((int) (ROWS / PAGE + 1));
        for (int i = 0; i < flushedAtEachRead.size(); i++) {
            assertThat(flushedAtEachRead.get(i)).as("rows written before page %d was read (%s)", i, format)
                    .isEqualTo((long) i * PAGE);
        }
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void everyFormatWritesEachPageBeforeTheNextIsRead() {
        streams("json");
        streams("csv");
        streams("table");
        streams("yaml");
    }

    @Test
    void theStreamedYamlIsOneDocumentWithTheSameDataAsTheJson() {
        for (boolean empty : new boolean[] {false, true}) {
            Function<PageRequest, Page<Long>> reader = empty ? request -> new Page<Long>(List.of(),
                    java.util.Optional.empty(), java.util.OptionalLong.of(0)) : AllStreamsOnePageAtATimeTest::read;
            StringWriter json = new StringWriter();
            all("--all", "--limit", "7").print(new Output(new PrintWriter(json), "json"),
                    new PrintWriter(new StringWriter()), List.of("n", "label", "x"), reader,
                    AllStreamsOnePageAtATimeTest::view);
            StringWriter yaml = new StringWriter();
            all("--all", "--limit", "7").print(new Output(new PrintWriter(yaml), "yaml"),
                    new PrintWriter(new StringWriter()), List.of("n", "label", "x"), reader,
                    AllStreamsOnePageAtATimeTest::view);
            JsonNode fromYaml = new tools.jackson.dataformat.yaml.YAMLMapper().readTree(yaml.toString());
            assertThat(fromYaml).as(yaml.toString()).isEqualTo(JsonMapper.builder().build().readTree(json.toString()));
            assertThat(fromYaml.get("items")).hasSize(empty ? 0 : (int) ROWS);
        }
    }

    @Test
    void theStreamedJsonIsOneDocumentWithEveryRowAndNoNext() {
        StringWriter out = new StringWriter();
        all("--all", "--limit", "7").print(new Output(new PrintWriter(out), "json"), new PrintWriter(new StringWriter()),
                List.of("n", "label", "x"), AllStreamsOnePageAtATimeTest::read, AllStreamsOnePageAtATimeTest::view);
        JsonNode document = JsonMapper.builder().build().readTree(out.toString());
        assertThat(document.get("items")).hasSize((int) ROWS);
        assertThat(document.get("items").get((int) ROWS - 1).get("n").asLong()).isEqualTo(ROWS);
        assertThat(document.get("next").isNull()).isTrue();
    }

    @Test
    void theTableWidensAColumnForALaterPageButNeverNarrowsIt() {
        StringWriter out = new StringWriter();
        all("--all", "--limit", "5").print(new Output(new PrintWriter(out), "table"), new PrintWriter(new StringWriter()),
                List.of("n", "label", "x"), request -> read(request), AllStreamsOnePageAtATimeTest::view);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize((int) ROWS + 1);
        String wide = " ".repeat("row three, the long one".length() - "row 1".length() + 2);
        assertThat(lines.get(0)).isEqualTo("N  LABEL" + " ".repeat("row three, the long one".length() - 5 + 2) + "X");
        assertThat(lines.get(1)).isEqualTo("1  row 1" + wide + "x");
        assertThat(lines.get(3)).isEqualTo("3  row three, the long one  x");
        // page 2 (rows 6-10) widens the first column for "10"; the label column keeps page 1's width
        assertThat(lines.get(6)).isEqualTo("6   row 6" + wide + "x");
        assertThat(lines.get(10)).isEqualTo("10  row 10" + wide.substring(1) + "x");
        assertThat(lines.get(1001)).isEqualTo("1001  row 1001" + wide.substring(3) + "x");
    }

    @Test
    void oneEmptyPageIsNoneOrAnEmptyList() {
        StringWriter table = new StringWriter();
        all().print(new Output(new PrintWriter(table), "table"), new PrintWriter(new StringWriter()),
                List.of("n"), request -> new Page<Long>(List.of(), java.util.Optional.empty(),
                        java.util.OptionalLong.of(0)), AllStreamsOnePageAtATimeTest::view);
        assertThat(table.toString()).isEqualTo("(none)\n");
        StringWriter json = new StringWriter();
        all().print(new Output(new PrintWriter(json), "json"), new PrintWriter(new StringWriter()), List.of("n"),
                request -> new Page<Long>(List.of(), java.util.Optional.empty(), java.util.OptionalLong.of(0)),
                AllStreamsOnePageAtATimeTest::view);
        JsonNode document = JsonMapper.builder().build().readTree(json.toString());
        assertThat(document.get("items")).isEmpty();
        assertThat(document.get("total").asLong()).isZero();
    }
}
