package com.bazaar.batch.csv;

import com.bazaar.batch.support.JobRejected;
import com.bazaar.batch.input.JobInput;
import com.bazaar.domain.shared.Conflict;
import com.bazaar.domain.shared.Hashing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The job's reader hands out only the job's own bytes, refuses a header it cannot read, and holds at most
 * {@link CsvFileReader#MAX_CHUNK_CHARACTERS} characters of records between two saves of its position (one chunk).
 */
class CsvFileReaderTest {

    @TempDir
    Path dir;

    private final List<List<String>> headers = new ArrayList<>();

    private CsvFileReader reader(JobInput input) {
        CsvFileReader reader = new CsvFileReader("test", headers::add);
        reader.input(input);
        return reader;
    }

    private JobInput input(String name, String content) throws Exception {
        Path file = Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        return new JobInput(file, Hashing.sha256Hex(content), "job 1");
    }

    /** A file of {@code rows} data rows each holding a field of one mebibyte; returns it with its checksum. */
    private JobInput bigRows(int rows) throws Exception {
        Path file = dir.resolve("big.csv");
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        String field = "x".repeat(1 << 20);
        try (BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(
                new DigestOutputStream(Files.newOutputStream(file), digest), StandardCharsets.UTF_8))) {
            w.write("sku,description\n");
            for (int i = 0; i < rows; i++) {
                w.write("S" + i + "," + field + "\n");
            }
        }
        return new JobInput(file, HexFormat.of().formatHex(digest.digest()), "job 1");
    }

    @Test
    void aFileThatIsNotTheJobsBytesIsRefusedBeforeAnyRowIsHandedOut() throws Exception {
        JobInput job = input("c.csv", "sku,title\nA,Mug\n");
        Files.writeString(job.file(), "sku,title\nA,Mug\nB,Appended\n");
        CsvFileReader reader = reader(job);
        assertThatThrownBy(() -> reader.open(new ExecutionContext())).isInstanceOf(Conflict.class)
                .hasMessageContaining("changed since job 1 started: expected sha256 " + job.sha256());
        assertThat(headers).isEmpty();
    }

    @Test
    void aHeaderOverTheLimitsIsRefusedNamingRowAndColumn() throws Exception {
        CsvFileReader reader = reader(input("wide.csv", "sku" + ",x".repeat(CsvReader.MAX_COLUMNS) + "\nA\n"));
        assertThatThrownBy(() -> reader.open(new ExecutionContext())).isInstanceOf(JobRejected.class)
                .hasMessageEndingWith("wide.csv: the header cannot be read: row 1, column 1,025: more than 1,024 columns");
        assertThat(headers).isEmpty();
    }

    @Test
    void oneChunkHoldsAtMostItsBudgetOfCharacters() throws Exception {
        JobInput big = bigRows(20);
        CsvFileReader unbounded = reader(big);
        unbounded.open(new ExecutionContext());
        try {
            assertThatThrownBy(() -> {
                for (int i = 0; i < 20; i++) {
                    unbounded.read();
                }
            }).isInstanceOf(JobRejected.class)
                    .hasMessageEndingWith("big.csv: rows 2 to 17 hold more than 16 MiB of text together, more than a"
                            + " job holds in memory at once; split the file into smaller ones");
        } finally {
            unbounded.close();
        }
        CsvFileReader chunked = reader(big);
        ExecutionContext context = new ExecutionContext();
        chunked.open(context);
        long read = 0;
        for (CsvRecord r; (r = chunked.read()) != null; ) {
            read++;
            if (read % 5 == 0) {
                chunked.update(context); // a chunk of 5 rows ends
            }
        }
        chunked.close();
        assertThat(read).isEqualTo(20);
    }
}
