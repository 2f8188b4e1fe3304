package com.bazaar.postgres;

import com.bazaar.domain.catalog.CatalogImports;
import com.bazaar.domain.catalog.RowError;
import com.bazaar.domain.shared.Json;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Table {@code import_rejections}: the rejected rows of every import job, once per (import, row). */
final class ImportRejections {

    /** The port over this table, for jobs that need nothing else. */
    static com.bazaar.domain.catalog.ImportRejections port(Database database) {
        JdbcClient jdbc = database.jdbc();
        JdbcTemplate streaming = new JdbcTemplate(database.dataSource());
        streaming.setFetchSize(1000);
        return new com.bazaar.domain.catalog.ImportRejections() {
            @Override
            public void reject(long importId, List<CatalogImports.Rejection> rejections) {
                insert(jdbc, importId, rejections);
            }

            @Override
            public void forEach(long importId, Consumer<CatalogImports.Rejection> visitor) {
                ImportRejections.forEach(streaming, importId, visitor);
            }

            @Override
            public long count(long importId) {
                return ImportRejections.count(jdbc, importId);
            }
        };
    }


    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ImportRejections() {
    }

    static void insert(JdbcClient jdbc, long importId, List<CatalogImports.Rejection> rejections) {
        insert(jdbc, "import_rejections", importId, rejections.stream()
                .map(r -> new Problems(r.row(), r.errors(), r.original())).toList());
    }

    /** Table {@code import_warnings} (V19): rows that import with warnings, the same columns as a rejection. */
    static void insertWarnings(JdbcClient jdbc, long importId, List<CatalogImports.Warning> warnings) {
        insert(jdbc, "import_warnings", importId, warnings.stream()
                .map(w -> new Problems(w.row(), w.warnings(), w.original())).toList());
    }

    private record Problems(long row, List<RowError> errors, List<String> original) {
    }

    private static void insert(JdbcClient jdbc, String table, long importId, List<Problems> rows) {
        for (Problems r : rows) {
            jdbc.sql("INSERT INTO " + table + " (import_id, row_no, columns, codes, messages, vals, original)"
                            + " VALUES (:id, :row, :columns, :codes, :messages, :vals, CAST(:original AS jsonb))"
                            + " ON CONFLICT DO NOTHING")
                    .param("id", importId).param("row", r.row())
                    .param("columns", join(r.errors(), RowError::column))
                    .param("codes", join(r.errors(), RowError::code))
                    .param("messages", join(r.errors(), RowError::message))
                    .param("vals", join(r.errors(), RowError::value))
                    .param("original", Json.write(r.original()))
                    .update();
        }
    }

    private static String join(List<RowError> errors, Function<RowError, String> part) {
        return errors.stream().map(part).collect(Collectors.joining("; "));
    }

    @SuppressWarnings("unchecked")
    static void forEach(JdbcTemplate streaming, long importId, Consumer<CatalogImports.Rejection> visitor) {
        streaming.query("SELECT row_no, columns, codes, messages, vals, original::text AS original"
                + " FROM import_rejections WHERE import_id = ? ORDER BY row_no", rs -> {
                    long row = rs.getLong("row_no");
                    List<RowError> errors = List.of(new RowError(row, rs.getString("columns"), rs.getString("codes"),
                            rs.getString("messages"), rs.getString("vals")));
                    visitor.accept(new CatalogImports.Rejection(row, errors, original(rs.getString("original"))));
                }, importId);
    }

    /**
     * The rows of an error report: each rejected row, its warnings (if any) after its errors, and each row that has
     * warnings only.
     */
    static void forEachReported(JdbcTemplate streaming, long importId, Consumer<CatalogImports.Reported> visitor) {
        reported(streaming, "(SELECT * FROM import_rejections WHERE import_id = ?) r FULL JOIN", visitor, importId,
                importId);
    }

    /**
     * Every row of {@code staging} (a staging table with a {@code rejected} column) in row order, as an error report
     * lists them when the file was refused as a whole: rejected rows with their errors, the others with their warnings
     * or no problem at all (a {@link RowError} of nulls). {@code stagedOriginal} is the staging table's expression of
     * a row's original columns (jsonb), {@code NULL::jsonb} when it keeps none: the caller reads them from the file.
     */
    static void forEachRow(JdbcTemplate streaming, String staging, String stagedOriginal, long importId,
                           Consumer<CatalogImports.Reported> visitor) {
        reported(streaming, "(SELECT row_no, columns, codes, messages, vals, original FROM import_rejections"
                + " WHERE import_id = ? UNION ALL SELECT row_no, NULL, NULL, NULL, NULL, " + stagedOriginal + " FROM "
                + staging
                + " WHERE import_id = ? AND NOT rejected) r LEFT JOIN", visitor, importId, importId, importId);
    }

    private static void reported(JdbcTemplate streaming, String rowsJoin, Consumer<CatalogImports.Reported> visitor,
                                 Object... args) {
        streaming.query("SELECT coalesce(r.row_no, w.row_no) AS row_no, " + joined("columns") + ", " + joined("codes")
                + ", " + joined("messages") + ", " + joined("vals") + ", coalesce(r.original, w.original)::text AS original"
                + " FROM " + rowsJoin + " (SELECT * FROM import_warnings WHERE import_id = ?) w ON w.row_no = r.row_no"
                + " ORDER BY 1", rs -> {
                    long row = rs.getLong("row_no");
                    visitor.accept(new CatalogImports.Reported(row, new RowError(row, rs.getString("columns"),
                            rs.getString("codes"), rs.getString("messages"), rs.getString("vals")),
                            original(rs.getString("original"))));
                }, args);
    }

    private static String joined(String column) {
        return "CASE WHEN w.row_no IS NULL THEN r." + column + " WHEN r.codes IS NULL THEN w." + column
                + " ELSE r." + column + " || '; ' || w." + column + " END AS " + column;
    }

    @SuppressWarnings("unchecked")
    private static List<String> original(String json) {
        return json == null ? null : JSON.readValue(json, List.class);
    }

    static long count(JdbcClient jdbc, long importId) {
        return jdbc.sql("SELECT count(*) FROM import_rejections WHERE import_id = :id").param("id", importId)
                .query(Long.class).single();
    }
}
