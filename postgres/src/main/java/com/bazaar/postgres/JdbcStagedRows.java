package com.bazaar.postgres;

import com.bazaar.domain.operations.StagedRows;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@link StagedRows} over table {@code staged_job_rows} (V17), in the caller's transaction. */
public final class JdbcStagedRows implements StagedRows {

    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.JdbcTemplate template;

    private JdbcStagedRows(Database database) {
        this.jdbc = database.jdbc();
        this.template = new org.springframework.jdbc.core.JdbcTemplate(database.dataSource());
    }

    public static StagedRows create(Database database) {
        return new JdbcStagedRows(database);
    }

    @Override
    public void stage(long jobId, List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        template.batchUpdate("INSERT INTO staged_job_rows (job_id, row_no, fields, problem)"
                + " VALUES (?, ?, CAST(? AS text[]), ?) ON CONFLICT DO NOTHING", rows, 500, (ps, r) -> {
                    ps.setLong(1, jobId);
                    ps.setLong(2, r.row());
                    ps.setString(3, literal(r.fields()));
                    ps.setString(4, r.problem().orElse(null));
                });
    }

    /** A text[] literal: every element quoted, backslashes and quotes escaped. */
    static String literal(List<String> fields) {
        StringBuilder out = new StringBuilder(16 + fields.stream().mapToInt(String::length).sum() * 2).append('{');
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('"');
            String f = fields.get(i);
            for (int c = 0; c < f.length(); c++) {
                char ch = f.charAt(c);
                if (ch == '"' || ch == '\\') {
                    out.append('\\');
                }
                out.append(ch);
            }
            out.append('"');
        }
        return out.append('}').toString();
    }

    @Override
    public Optional<long[]> range(long jobId) {
        return jdbc.sql("SELECT min(row_no), max(row_no) FROM staged_job_rows WHERE job_id = :job AND row_no > 0")
                .param("job", jobId)
                .query((rs, n) -> rs.getObject(1) == null ? null : new long[] {rs.getLong(1), rs.getLong(2)})
                .optional();
    }

    @Override
    public List<Row> read(long jobId, long afterRow, long toRow, int limit) {
        return jdbc.sql("SELECT row_no, fields, problem FROM staged_job_rows WHERE job_id = :job AND row_no > :after"
                        + " AND row_no <= :to ORDER BY row_no LIMIT :limit")
                .param("job", jobId).param("after", afterRow).param("to", toRow).param("limit", limit)
                .query((rs, n) -> row(rs)).list();
    }

    @Override
    public Optional<List<String>> header(long jobId) {
        return jdbc.sql("SELECT row_no, fields, problem FROM staged_job_rows WHERE job_id = :job AND row_no = 0")
                .param("job", jobId).query((rs, n) -> row(rs).fields()).optional();
    }

    @Override
    public void clear(long jobId) {
        jdbc.sql("DELETE FROM staged_job_rows WHERE job_id = :job").param("job", jobId).update();
    }

    private static Row row(ResultSet rs) throws SQLException {
        Array array = rs.getArray("fields");
        String[] fields = (String[]) array.getArray();
        return new Row(rs.getLong("row_no"), Arrays.asList(fields), Optional.ofNullable(rs.getString("problem")));
    }
}
