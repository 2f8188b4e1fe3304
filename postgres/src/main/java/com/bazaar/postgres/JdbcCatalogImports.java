package com.bazaar.postgres;

import com.bazaar.domain.catalog.CatalogImports;
import com.bazaar.domain.catalog.CatalogLine;
import com.bazaar.domain.catalog.PriceDropWarning;
import com.bazaar.domain.catalog.ProductStatus;
import com.bazaar.domain.catalog.RowError;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.Json;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;

import javax.sql.DataSource;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@link CatalogImports} in the import's own staging table ({@code catalog_staging.lines_<import id>}, shaped like
 * {@code catalog_import_lines}; V27: created by {@link #prepare} when the stage step opens, dropped by
 * {@link #discard} when the job completes)
 * and {@code import_rejections}. Accepted rows
 * are loaded with COPY inside the chunk's transaction; rules, plan and apply are set-based SQL, so memory does not grow
 * with the file.
 */
public final class JdbcCatalogImports implements CatalogImports {

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final JdbcTemplate streaming;

    public JdbcCatalogImports(Database database) {
        this.dataSource = database.dataSource();
        this.jdbc = database.jdbc();
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(1000);
    }

    /** The import's staging table (V27); the id is a number, so the name needs no quoting. */
    static String table(long importId) {
        return "catalog_staging.lines_" + importId;
    }

    /** {@code sql} with {@code {lines}} standing for the import's staging table. */
    private static String staged(long importId, String sql) {
        return sql.replace("{lines}", table(importId));
    }

    @Override
    public void stage(long importId, List<CatalogLine> lines) {
        if (lines.isEmpty()) {
            return;
        }
        // A chunk whose commit went through but whose answer was lost (a broken connection) is read again by the
        // restart: the rows it staged are these same rows (a job reads only the bytes that identify it), so they stay
        // and are not copied twice. Normally none is there, and this is one look-up in the primary key.
        Set<Long> staged = jdbc.sql("SELECT row_no FROM " + table(importId) + " WHERE import_id = :id"
                        + " AND row_no BETWEEN :first AND :last")
                .param("id", importId)
                .param("first", lines.stream().mapToLong(CatalogLine::row).min().orElseThrow())
                .param("last", lines.stream().mapToLong(CatalogLine::row).max().orElseThrow())
                .query(Long.class).set();
        StringBuilder csv = new StringBuilder(lines.size() * 300);
        for (int i = 0; i < lines.size(); i++) {
            CatalogLine l = lines.get(i);
            if (staged.contains(l.row())) {
                continue;
            }
            csv.append(importId).append(',').append(l.row()).append(',');
            text(csv, l.sku().value());
            csv.append(',');
            text(csv, l.title());
            csv.append(',');
            nullable(csv, l.description().orElse(null));
            csv.append(',');
            nullable(csv, l.category().orElse(null));
            csv.append(',');
            text(csv, Json.write(l.attributes().values()));
            csv.append(',').append(l.price().minor()).append(',');
            l.quantity().ifPresent(csv::append);
            csv.append(',');
            l.status().ifPresent(s -> csv.append(s.name()));
            csv.append('\n');
        }
        if (csv.isEmpty()) {
            return;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table(importId) + " (import_id, row_no, sku,"
                    + " title, description, category, attributes, price_minor, quantity, status) FROM STDIN"
                    + " (FORMAT csv)", new StringReader(csv.toString()));
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("could not stage catalog rows: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** A quoted CSV field: most values hold no quote, and are appended as they are (a profile of staging). */
    private static void text(StringBuilder csv, String value) {
        csv.append('"');
        int quote = value.indexOf('"');
        if (quote < 0) {
            csv.append(value);
        } else {
            int from = 0;
            for (; quote >= 0; quote = value.indexOf('"', quote + 1)) {
                csv.append(value, from, quote + 1).append('"');
                from = quote + 1;
            }
            csv.append(value, from, value.length());
        }
        csv.append('"');
    }

    private static void nullable(StringBuilder csv, String value) {
        if (value != null) {
            text(csv, value);
        }
    }

    @Override
    public void reject(long importId, List<Rejection> rejections) {
        ImportRejections.insert(jdbc, importId, rejections);
    }

    @Override
    public void warn(long importId, List<Warning> warnings) {
        ImportRejections.insertWarnings(jdbc, importId, warnings);
    }

    @Override
    public long rejectByCatalogRules(long importId, SellerId seller, Map<ProductStatus, Set<ProductStatus>> allowedMoves,
                                     boolean lock) {
        // Statistics that predate this import's staged rows make the planner expect one row per import and pick
        // nested loops that rescan the staging table per product: quadratic (20,000 rows: 1.3 s -> 198 s; see
        // docs/performance.md). Fresh statistics first, for this check and the plan and apply after it; ANALYZE
        // samples, so this costs well under a second.
        prepare(importId, true); // staged by the stage step, which opened the table (a restart may run this alone)
        jdbc.sql("CALL catalog_staging_analyze(:id)").param("id", importId).update(); // needs the owner: V10, V27
        if (lock) {
            jdbc.sql("SELECT s.product_id FROM stock s JOIN products p ON p.id = s.product_id"
                            + " JOIN " + table(importId) + " l ON l.import_id = :id AND NOT l.rejected AND l.sku = p.sku"
                            + " WHERE p.seller_id = :seller AND l.quantity IS NOT NULL ORDER BY s.product_id FOR UPDATE OF s")
                    .param("id", importId).param("seller", seller.value()).query(Long.class).list();
            // products split into lanes (ADR 0014) give their lanes' available units back to their rows, which this
            // import then changes; rows before lanes, as every transaction locks them
            jdbc.sql(staged(importId, "SELECT DISTINCT sl.product_id FROM stock_lanes sl JOIN products p"
                            + " ON p.id = sl.product_id JOIN {lines} l ON l.import_id = :id AND NOT l.rejected"
                            + " AND l.sku = p.sku WHERE p.seller_id = :seller AND l.quantity IS NOT NULL"
                            + " ORDER BY sl.product_id"))
                    .param("id", importId).param("seller", seller.value()).query(Long.class).list()
                    .forEach(product -> JdbcStockLevels.gather(jdbc, product));
        }
        String allowed = allowedMoves.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(to -> "('" + e.getKey().name() + "','" + to.name() + "')"))
                .collect(Collectors.joining(","));
        String sql = """
                WITH allowed(from_status, to_status) AS (VALUES %s),
                cand AS (
                    SELECT l.row_no, l.sku, l.status AS new_status, l.quantity, p.status AS cur_status,
                           s.reserved - coalesce(lane_free.free, 0) AS reserved,
                           min(l.row_no) OVER (PARTITION BY l.sku) AS first_row
                    FROM {lines} l
                    LEFT JOIN products p ON p.seller_id = :seller AND p.sku = l.sku
                    LEFT JOIN stock s ON s.product_id = p.id
                    LEFT JOIN %s ON lane_free.product_id = s.product_id
                    WHERE l.import_id = :id AND NOT l.rejected),
                checked AS (
                    SELECT row_no,
                        row_no > first_row AS dup,
                        cur_status IS NOT NULL AND new_status IS NOT NULL AND new_status <> cur_status
                            AND NOT EXISTS (SELECT 1 FROM allowed a WHERE a.from_status = cur_status
                                            AND a.to_status = new_status) AS bad_move,
                        quantity IS NOT NULL AND reserved IS NOT NULL AND quantity < reserved AS below,
                        sku, new_status, cur_status, quantity, reserved, first_row
                    FROM cand),
                bad AS (
                    SELECT row_no,
                        array_remove(ARRAY[CASE WHEN dup THEN 'sku' END, CASE WHEN bad_move THEN 'status' END,
                                           CASE WHEN below THEN 'quantity' END], NULL) AS cols,
                        array_remove(ARRAY[CASE WHEN dup THEN 'DUPLICATE_SKU' END,
                                           CASE WHEN bad_move THEN 'STATUS_TRANSITION_INVALID' END,
                                           CASE WHEN below THEN 'BELOW_RESERVED' END], NULL) AS codes,
                        array_remove(ARRAY[
                            CASE WHEN dup THEN 'SKU ' || sku || ' is already on row ' || first_row || ' of the file' END,
                            CASE WHEN bad_move THEN 'product ' || sku || ' is ' || cur_status || ' and cannot become '
                                 || new_status END,
                            CASE WHEN below THEN 'on hand cannot go below what is reserved (' || reserved || ')' END],
                            NULL) AS messages,
                        array_remove(ARRAY[CASE WHEN dup THEN sku END, CASE WHEN bad_move THEN new_status END,
                                           CASE WHEN below THEN quantity::text END], NULL) AS vals
                    FROM checked WHERE dup OR bad_move OR below),
                ins AS (
                    INSERT INTO import_rejections (import_id, row_no, columns, codes, messages, vals, original)
                    SELECT :id, row_no, array_to_string(cols, '; '), array_to_string(codes, '; '),
                           array_to_string(messages, '; '), array_to_string(vals, '; '), NULL FROM bad
                    ON CONFLICT DO NOTHING RETURNING row_no)
                UPDATE {lines} SET rejected = true
                WHERE import_id = :id AND row_no IN (SELECT row_no FROM ins)
                """.formatted(allowed, JdbcStockLevels.LANE_FREE);
        sql = staged(importId, sql);
        return jdbc.sql(sql).param("id", importId).param("seller", seller.value()).update();
    }

    private static final String DIFF = """
            WITH v AS (
                SELECT l.row_no, l.sku, l.title, l.description, l.category, l.attributes, l.price_minor, l.quantity,
                       l.status, p.id AS pid, p.title AS p_title, p.description AS p_description,
                       p.category AS p_category, p.attributes AS p_attributes, p.price_minor AS p_price,
                       p.status AS p_status, s.on_hand AS p_on_hand
                FROM {lines} l
                LEFT JOIN products p ON p.seller_id = :seller AND p.sku = l.sku
                LEFT JOIN stock s ON s.product_id = p.id
                WHERE l.import_id = :id AND NOT l.rejected),
            d AS (
                SELECT v.*, pid IS NOT NULL AS existing,
                    p_title IS DISTINCT FROM title AS c_title,
                    (:hasDescription AND p_description IS DISTINCT FROM description) AS c_description,
                    (:hasCategory AND p_category IS DISTINCT FROM category) AS c_category,
                    (:hasAttributes AND p_attributes IS DISTINCT FROM attributes) AS c_attributes,
                    p_price IS DISTINCT FROM price_minor AS c_price,
                    (status IS NOT NULL AND p_status IS DISTINCT FROM status) AS c_status,
                    (quantity IS NOT NULL AND p_on_hand IS DISTINCT FROM quantity) AS c_quantity
                FROM v),
            e AS (SELECT d.*, existing AND (c_title OR c_description OR c_category OR c_attributes OR c_price
                                            OR c_status OR c_quantity) AS changed FROM d)
            """;

    private JdbcClient.StatementSpec diff(String tail, long importId, SellerId seller, Columns columns) {
        return jdbc.sql(staged(importId, DIFF + tail)).param("id", importId)
                .param("seller", seller.value())
                .param("hasDescription", columns.description()).param("hasCategory", columns.category())
                .param("hasAttributes", columns.attributes());
    }

    /** {@link PriceDropWarning#warns} over the diff's columns; {@code :kept} is its kept percentage. */
    private static final String PRICE_DROP = "price_minor::numeric * 100 < p_price::numeric * :kept";

    @Override
    public Plan plan(long importId, SellerId seller, Columns columns, int minorDigits, int sampleSize) {
        // rejectByCatalogRules, always called first, refreshed the staging table's statistics
        long[] counts = diff("""
                SELECT count(*) FILTER (WHERE NOT existing) AS creates, count(*) FILTER (WHERE changed) AS updates,
                       count(*) FILTER (WHERE existing AND NOT changed) AS unchanged,
                       count(*) FILTER (WHERE existing AND c_price AND %s) AS drops,
                       count(*) FILTER (WHERE existing AND c_status AND p_status = 'ACTIVE' AND status <> 'ACTIVE') AS off
                FROM e""".formatted(PRICE_DROP), importId, seller, columns)
                .param("kept", PriceDropWarning.PLAN.keptPercent())
                .query((rs, n) -> new long[]{rs.getLong("creates"), rs.getLong("updates"), rs.getLong("unchanged"),
                        rs.getLong("drops"), rs.getLong("off")}).single();
        // another pass over the whole diff: only when there are changes to sample (an all-new import has none)
        List<String> samples = counts[1] == 0 ? List.of() : diff("SELECT * FROM e WHERE changed ORDER BY row_no"
                + " LIMIT :n", importId, seller, columns).param("n", sampleSize)
                .query((rs, n) -> change(rs, minorDigits)).list();
        List<String> warnings = new ArrayList<>();
        if (counts[3] > 0) {
            warnings.add(PriceDropWarning.PLAN.message(counts[3], diff(
                    "SELECT sku FROM e WHERE existing AND c_price AND " + PRICE_DROP + " ORDER BY row_no LIMIT 5",
                    importId, seller, columns).param("kept", PriceDropWarning.PLAN.keptPercent())
                    .query(String.class).list()));
        }
        if (counts[4] > 0) {
            warnings.add(counts[4] + " active product(s) go inactive: " + String.join(", ", diff(
                    "SELECT sku FROM e WHERE existing AND c_status AND p_status = 'ACTIVE' AND status <> 'ACTIVE'"
                            + " ORDER BY row_no LIMIT 5", importId, seller, columns).query(String.class).list()));
        }
        warned(importId).ifPresent(warnings::add);
        long rejected = jdbc.sql("SELECT count(*) FROM import_rejections WHERE import_id = :id")
                .param("id", importId).query(Long.class).single();
        return new Plan(counts[0], counts[1], counts[2], rejected, samples, warnings);
    }

    /** How many rows import with warnings (not counting rejected rows), and their codes. */
    private java.util.Optional<String> warned(long importId) {
        return jdbc.sql("SELECT count(*) AS n, string_agg(DISTINCT codes, '; ') AS codes FROM import_warnings w"
                        + " WHERE import_id = :id AND NOT EXISTS (SELECT 1 FROM import_rejections r"
                        + " WHERE r.import_id = :id AND r.row_no = w.row_no)")
                .param("id", importId)
                .query((rs, n) -> rs.getLong("n") == 0 ? java.util.Optional.<String>empty()
                        : java.util.Optional.of(rs.getLong("n") + " row(s) import with warnings ("
                        + java.util.Arrays.stream(rs.getString("codes").split("; ")).distinct().sorted()
                                .collect(Collectors.joining(", "))
                        + "): the values concerned are left out; the error report lists the rows"))
                .single();
    }

    private static String change(ResultSet rs, int digits) throws SQLException {
        List<String> parts = new ArrayList<>();
        if (rs.getBoolean("c_title")) {
            parts.add("title '" + rs.getString("p_title") + "' -> '" + rs.getString("title") + "'");
        }
        if (rs.getBoolean("c_price")) {
            parts.add("price " + BigDecimal.valueOf(rs.getLong("p_price"), digits).toPlainString() + " -> "
                    + BigDecimal.valueOf(rs.getLong("price_minor"), digits).toPlainString());
        }
        if (rs.getBoolean("c_status")) {
            parts.add("status " + rs.getString("p_status") + " -> " + rs.getString("status"));
        }
        if (rs.getBoolean("c_quantity")) {
            parts.add("on hand " + rs.getLong("p_on_hand") + " -> " + rs.getLong("quantity"));
        }
        for (String field : List.of("description", "category", "attributes")) {
            if (rs.getBoolean("c_" + field)) {
                parts.add(field + " changed");
            }
        }
        return "row " + rs.getLong("row_no") + " " + rs.getString("sku") + ": " + String.join(", ", parts);
    }

    @Override
    public Plan apply(long importId, SellerId seller, Columns columns, Plan planned, Instant at) {
        var ts = Rows.param(at);
        if (planned.update() > 0) {
            updateProducts(importId, seller, columns, ts);
        }
        if (planned.create() > 0) {
            insertProducts(importId, seller, ts);
        }
        if (planned.update() > 0) { // a changed quantity makes its row an update; new products get theirs inserted
            updateStock(importId, seller, ts);
        }
        return planned;
    }

    private void updateProducts(long importId, SellerId seller, Columns columns, java.time.OffsetDateTime ts) {
        jdbc.sql(staged(importId, """
                        UPDATE products p SET title = l.title,
                            description = CASE WHEN :hasDescription THEN l.description ELSE p.description END,
                            category = CASE WHEN :hasCategory THEN l.category ELSE p.category END,
                            attributes = CASE WHEN :hasAttributes THEN l.attributes ELSE p.attributes END,
                            price_minor = l.price_minor, status = coalesce(l.status, p.status),
                            updated_at = :at, version = p.version + 1
                        FROM {lines} l
                        WHERE l.import_id = :id AND NOT l.rejected AND p.seller_id = :seller AND p.sku = l.sku
                          AND (p.title, p.description, p.category, p.attributes, p.price_minor, p.status)
                              IS DISTINCT FROM (l.title,
                                  CASE WHEN :hasDescription THEN l.description ELSE p.description END,
                                  CASE WHEN :hasCategory THEN l.category ELSE p.category END,
                                  CASE WHEN :hasAttributes THEN l.attributes ELSE p.attributes END,
                                  l.price_minor, coalesce(l.status, p.status))"""))
                .param("id", importId).param("seller", seller.value()).param("at", ts)
                .param("hasDescription", columns.description()).param("hasCategory", columns.category())
                .param("hasAttributes", columns.attributes()).update();
    }

    private void insertProducts(long importId, SellerId seller, java.time.OffsetDateTime ts) {
        jdbc.sql(staged(importId, """
                        WITH ins AS (
                            INSERT INTO products (seller_id, sku, title, description, category, attributes, price_minor,
                                                  currency, status, created_at, updated_at)
                            SELECT :seller, l.sku, l.title, l.description, l.category, l.attributes, l.price_minor,
                                   (SELECT currency FROM sellers WHERE id = :seller), coalesce(l.status, 'DRAFT'), :at, :at
                            FROM {lines} l
                            WHERE l.import_id = :id AND NOT l.rejected
                              AND NOT EXISTS (SELECT 1 FROM products p WHERE p.seller_id = :seller AND p.sku = l.sku)
                            RETURNING id, sku)
                        INSERT INTO stock (product_id, on_hand, reserved, updated_at)
                        SELECT ins.id, coalesce(l.quantity, 0), 0, :at
                        FROM ins JOIN {lines} l ON l.import_id = :id AND NOT l.rejected AND l.sku = ins.sku"""))
                .param("id", importId).param("seller", seller.value()).param("at", ts).update();
    }

    private void updateStock(long importId, SellerId seller, java.time.OffsetDateTime ts) {
        jdbc.sql(staged(importId, """
                        UPDATE stock s SET on_hand = l.quantity, updated_at = :at
                        FROM {lines} l JOIN products p ON p.seller_id = :seller AND p.sku = l.sku
                        WHERE l.import_id = :id AND NOT l.rejected AND l.quantity IS NOT NULL
                          AND s.product_id = p.id AND s.on_hand <> l.quantity"""))
                .param("id", importId).param("seller", seller.value()).param("at", ts).update();
    }

    @Override
    public void forEachReported(long importId, Consumer<Reported> visitor) {
        ImportRejections.forEachReported(streaming, importId, visitor);
    }

    @Override
    public void prepare(long importId, boolean resuming) {
        if (!resuming) {
            jdbc.sql("CALL catalog_staging_open(:id)").param("id", importId).update(); // CREATE needs the owner: V27
        } else if (jdbc.sql("SELECT to_regclass(:table) IS NULL").param("table", table(importId)).query(Boolean.class)
                .single()) {
            throw new IllegalStateException("the rows import " + importId + " staged before it stopped are gone (its"
                    + " table " + table(importId) + " was dropped): reading on would apply half of the file, so it"
                    + " cannot be resumed; run the file again as a new job (the same file and options are this job:"
                    + " a copy with one more line break at the end is a new one)");
        }
    }

    @Override
    public void discard(long importId) {
        jdbc.sql("CALL catalog_staging_close(:id)").param("id", importId).update(); // DROP TABLE needs the owner: V27
    }

    @Override
    public void forEachRow(long importId, Consumer<Reported> visitor) {
        ImportRejections.forEachRow(streaming, table(importId), "NULL::jsonb", importId, visitor);
    }
}
