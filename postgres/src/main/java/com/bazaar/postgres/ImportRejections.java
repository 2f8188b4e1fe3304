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
        for (CatalogImports.Rejection r : rejections) {
            jdbc.sql("INSERT INTO import_rejections (import_id, row_no, columns, codes, messages, vals, original)"
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

    private static final String REJECTIONS = "SELECT row_no, columns, codes, messages, vals, original::text AS original"
            + " FROM import_rejections WHERE import_id = ?";

    static void forEach(JdbcTemplate streaming, long importId, Consumer<CatalogImports.Rejection> visitor) {
        rows(streaming, REJECTIONS + " ORDER BY row_no", visitor, importId);
    }

    /**
     * The rejected rows and the accepted rows of {@code staging} (a staging table with {@code original} and
     * {@code rejected} columns) in row order; an accepted row has no errors.
     */
    static void forEachRow(JdbcTemplate streaming, String staging, long importId,
                           Consumer<CatalogImports.Rejection> visitor) {
        rows(streaming, REJECTIONS + " UNION ALL SELECT row_no, NULL, NULL, NULL, NULL, original::text FROM " + staging
                + " WHERE import_id = ? AND NOT rejected ORDER BY row_no", visitor, importId, importId);
    }

    @SuppressWarnings("unchecked")
    private static void rows(JdbcTemplate streaming, String sql, Consumer<CatalogImports.Rejection> visitor,
                             Object... args) {
        streaming.query(sql, rs -> {
            long row = rs.getLong("row_no");
            List<RowError> errors = rs.getString("codes") == null ? List.of() : List.of(new RowError(row,
                    rs.getString("columns"), rs.getString("codes"), rs.getString("messages"), rs.getString("vals")));
            List<String> original = JSON.readValue(rs.getString("original"), List.class);
            visitor.accept(new CatalogImports.Rejection(row, errors, original));
        }, args);
    }

    static long count(JdbcClient jdbc, long importId) {
        return jdbc.sql("SELECT count(*) FROM import_rejections WHERE import_id = :id").param("id", importId)
                .query(Long.class).single();
    }
}
