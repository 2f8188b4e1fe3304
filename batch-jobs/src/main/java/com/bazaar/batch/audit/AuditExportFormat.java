package com.bazaar.batch.audit;

import com.bazaar.batch.csv.CsvReader;
import com.bazaar.batch.csv.CsvRecord;
import com.bazaar.domain.audit.AuditRecord;
import com.bazaar.domain.audit.Outcome;
import com.bazaar.domain.shared.CsvCells;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The audit export file: one record per line as JSON (jsonl), or CSV with a header. Every field of the record is
 * written as stored - including previous hash, hash and MAC - so the chain can be recomputed offline
 * ({@code bazaar audit verify --file}, with the audit key or anchors to authenticate it); an absent optional field is
 * null (JSON) or empty (CSV; the domain never stores an empty reason or snapshot, so empty means absent). Exports made
 * before records had a MAC have no {@code mac} field (column), exports made before the trail had stripes (ADR 0015) no
 * {@code stripe} field (column: every record was in stripe 1), and both are still read. CSV cells that a spreadsheet would
 * run as a formula carry a leading apostrophe, and so do cells that start with one ({@link CsvCells}); reading drops
 * exactly that apostrophe ({@link CsvCells#restore}), so the hashes are computed over the stored values.
 */
public final class AuditExportFormat {

    public static final List<String> FIELDS = List.of("seq", "occurred_at", "actor_name", "actor_roles", "action",
            "target", "outcome", "before", "after", "reason", "correlation_id", "prev_hash", "hash", "mac", "stripe");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditExportFormat() {
    }

    public static String header(String format) {
        return "csv".equals(format) ? String.join(",", FIELDS) + "\n" : "";
    }

    public static String line(AuditRecord r, String format) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", r.seq());
        m.put("occurred_at", r.occurredAt().toString());
        m.put("actor_name", r.actorName());
        m.put("actor_roles", r.actorRoles());
        m.put("action", r.action());
        m.put("target", r.target());
        m.put("outcome", r.outcome().name());
        m.put("before", r.before().orElse(null));
        m.put("after", r.after().orElse(null));
        m.put("reason", r.reason().orElse(null));
        m.put("correlation_id", r.correlationId());
        m.put("prev_hash", r.previousHash());
        m.put("hash", r.hash());
        m.put("mac", r.mac().orElse(null));
        m.put("stripe", r.stripe());
        if ("csv".equals(format)) {
            List<String> cells = new ArrayList<>();
            for (Object v : m.values()) {
                cells.add(CsvCells.cell(v == null ? "" : v.toString()));
            }
            return String.join(",", cells) + "\n";
        }
        return JSON.writeValueAsString(m) + "\n";
    }

    /** Reads an export (JSON lines, or CSV when its first line is the CSV header) record by record. */
    public static void read(InputStream in, Consumer<AuditRecord> records) {
        try {
            var buffered = new java.io.BufferedInputStream(in);
            buffered.mark(1);
            int first = buffered.read();
            buffered.reset();
            if (first == '{') {
                BufferedReader reader = new BufferedReader(new InputStreamReader(buffered, StandardCharsets.UTF_8));
                StringBuilder line = new StringBuilder();
                long number = 0;
                while (nextLine(reader, line, ++number)) {
                    if (!line.toString().isBlank()) {
                        records.accept(fromJson(JSON.readTree(line.toString())));
                    }
                }
            } else {
                CsvReader csv = new CsvReader(buffered);
                if (csv.hasNext()) {
                    readable(csv.next());
                }
                while (csv.hasNext()) {
                    records.accept(fromCsv(readable(csv.next())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads one line into {@code line} (without its terminator), refusing one longer than {@link CsvReader#MAX_RECORD}
     * characters: memory stays bounded whatever the file holds. False at the end of the input.
     */
    private static boolean nextLine(BufferedReader reader, StringBuilder line, long number) throws IOException {
        line.setLength(0);
        int c = reader.read();
        if (c < 0) {
            return false;
        }
        while (c >= 0 && c != '\n') {
            if (line.length() == CsvReader.MAX_RECORD) {
                throw new IllegalArgumentException("line " + number + " of the export is longer than "
                        + String.format("%,d", CsvReader.MAX_RECORD) + " characters");
            }
            line.append((char) c);
            c = reader.read();
        }
        if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
            line.setLength(line.length() - 1);
        }
        return true;
    }

    private static CsvRecord readable(CsvRecord record) {
        if (!record.readable()) {
            throw new IllegalArgumentException("line " + record.row() + " of the export: " + record.problem());
        }
        return record;
    }

    private static Optional<String> optional(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asString());
    }

    private static AuditRecord fromJson(JsonNode n) {
        return new AuditRecord(n.get("seq").asLong(), Instant.parse(n.get("occurred_at").asString()),
                n.get("actor_name").asString(), n.get("actor_roles").asString(), n.get("action").asString(),
                n.get("target").asString(), Outcome.valueOf(n.get("outcome").asString()), optional(n, "before"),
                optional(n, "after"), optional(n, "reason"), n.get("correlation_id").asString(),
                n.get("prev_hash").asString(), n.get("hash").asString(), optional(n, "mac"),
                n.hasNonNull("stripe") ? n.get("stripe").asInt() : 1);
    }

    private static AuditRecord fromCsv(CsvRecord r) {
        List<String> f = r.fields().stream().map(CsvCells::restore).toList();
        // without stripe: an export of before V31; without mac and stripe: of before V12
        if (f.size() < FIELDS.size() - 2 || f.size() > FIELDS.size()) {
            throw new IllegalArgumentException("line " + r.row() + " of the export has " + f.size() + " fields, not "
                    + FIELDS.size());
        }
        java.util.function.IntFunction<Optional<String>> opt = i -> Optional.of(f.get(i)).filter(s -> !s.isEmpty());
        return new AuditRecord(Long.parseLong(f.get(0)), Instant.parse(f.get(1)), f.get(2), f.get(3), f.get(4), f.get(5),
                Outcome.valueOf(f.get(6)), opt.apply(7), opt.apply(8), opt.apply(9), f.get(10), f.get(11), f.get(12),
                f.size() > 13 ? opt.apply(13) : Optional.empty(), f.size() > 14 ? Integer.parseInt(f.get(14)) : 1);
    }
}
