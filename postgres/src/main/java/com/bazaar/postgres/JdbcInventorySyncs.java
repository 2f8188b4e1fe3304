package com.bazaar.postgres;

import com.bazaar.domain.catalog.CatalogImports;
import com.bazaar.domain.inventory.InventorySyncs;
import com.bazaar.domain.inventory.StockLine;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.Json;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** {@link InventorySyncs} in table {@code inventory_sync_lines}; rules, plan and apply are set-based SQL. */
public final class JdbcInventorySyncs implements InventorySyncs {

    private final JdbcClient jdbc;
    private final JdbcTemplate streaming;

    public JdbcInventorySyncs(Database database) {
        this.jdbc = database.jdbc();
        this.streaming = new JdbcTemplate(database.dataSource());
        this.streaming.setFetchSize(1000);
    }

    @Override
    public void stage(long syncId, List<StockLine> lines, List<List<String>> originals) {
        for (int i = 0; i < lines.size(); i++) {
            StockLine l = lines.get(i);
            jdbc.sql("INSERT INTO inventory_sync_lines (import_id, row_no, sku, on_hand, delta, original)"
                            + " VALUES (:id, :row, :sku, :onHand, :delta, CAST(:original AS jsonb))"
                            // staged already by a chunk whose commit answer was lost: the same row of the same bytes
                            + " ON CONFLICT (import_id, row_no) DO NOTHING")
                    .param("id", syncId).param("row", l.row()).param("sku", l.sku().value())
                    .param("onHand", l.onHand().orElse(null)).param("delta", l.delta().orElse(null))
                    .param("original", Json.write(originals.get(i))).update();
        }
    }

    @Override
    public void reject(long syncId, List<CatalogImports.Rejection> rejections) {
        ImportRejections.insert(jdbc, syncId, rejections);
    }

    @Override
    public long rejectByStockRules(long syncId, SellerId seller, long maxOnHand, boolean lock) {
        if (lock) {
            jdbc.sql("SELECT s.product_id FROM stock s JOIN products p ON p.id = s.product_id"
                            + " JOIN inventory_sync_lines l ON l.import_id = :id AND NOT l.rejected AND l.sku = p.sku"
                            + " WHERE p.seller_id = :seller ORDER BY s.product_id FOR UPDATE OF s")
                    .param("id", syncId).param("seller", seller.value()).query(Long.class).list();
            // products split into lanes (ADR 0014) give their lanes' available units back to their rows, which this
            // sync then changes; rows before lanes, as every transaction locks them
            jdbc.sql("SELECT DISTINCT sl.product_id FROM stock_lanes sl JOIN products p ON p.id = sl.product_id"
                            + " JOIN inventory_sync_lines l ON l.import_id = :id AND NOT l.rejected AND l.sku = p.sku"
                            + " WHERE p.seller_id = :seller ORDER BY sl.product_id")
                    .param("id", syncId).param("seller", seller.value()).query(Long.class).list()
                    .forEach(product -> JdbcStockLevels.gather(jdbc, product));
        }
        return jdbc.sql("""
                WITH cand AS (
                    SELECT l.row_no, l.sku, l.original, p.id AS pid, s.on_hand AS cur,
                           s.reserved - coalesce(lane_free.free, 0) AS reserved,
                           coalesce(l.on_hand::numeric, s.on_hand::numeric + l.delta) AS next,
                           min(l.row_no) OVER (PARTITION BY l.sku) AS first_row
                    FROM inventory_sync_lines l
                    LEFT JOIN products p ON p.seller_id = :seller AND p.sku = l.sku
                    LEFT JOIN stock s ON s.product_id = p.id
                    LEFT JOIN %s ON lane_free.product_id = s.product_id
                    WHERE l.import_id = :id AND NOT l.rejected),
                bad AS (
                    SELECT row_no, original, sku,
                        CASE WHEN pid IS NULL THEN 'UNKNOWN_SKU'
                             WHEN row_no > first_row THEN 'DUPLICATE_SKU'
                             WHEN next < 0 THEN 'BELOW_ZERO'
                             WHEN next > :max THEN 'ABOVE_MAXIMUM'
                             WHEN next < reserved THEN 'BELOW_RESERVED' END AS code,
                        CASE WHEN pid IS NULL THEN 'the seller has no product with SKU ' || sku
                             WHEN row_no > first_row THEN 'SKU ' || sku || ' is already on row ' || first_row
                             WHEN next < 0 THEN 'on hand would be ' || next || ', below zero'
                             WHEN next > :max THEN 'on hand would be ' || next || ', above the maximum of ' || :max
                                  || ' units'
                             WHEN next < reserved THEN 'on hand would be ' || next || ', below what is reserved ('
                                  || reserved || ')' END AS message,
                        coalesce(next::text, '') AS val
                    FROM cand),
                ins AS (
                    INSERT INTO import_rejections (import_id, row_no, columns, codes, messages, vals, original)
                    SELECT :id, row_no, CASE WHEN code IN ('UNKNOWN_SKU', 'DUPLICATE_SKU') THEN 'sku' ELSE 'on_hand' END,
                           code, message, CASE WHEN code IN ('UNKNOWN_SKU', 'DUPLICATE_SKU') THEN sku ELSE val END,
                           original
                    FROM bad WHERE code IS NOT NULL
                    ON CONFLICT DO NOTHING RETURNING row_no)
                UPDATE inventory_sync_lines SET rejected = true
                WHERE import_id = :id AND row_no IN (SELECT row_no FROM ins)""".formatted(JdbcStockLevels.LANE_FREE))
                .param("id", syncId).param("seller", seller.value()).param("max", maxOnHand).update();
    }

    private static final String DIFF = """
            WITH d AS (
                SELECT l.row_no, l.sku, s.product_id, s.on_hand AS cur,
                       coalesce(l.on_hand::numeric, s.on_hand::numeric + l.delta) AS next
                FROM inventory_sync_lines l
                JOIN products p ON p.seller_id = :seller AND p.sku = l.sku
                JOIN stock s ON s.product_id = p.id
                WHERE l.import_id = :id AND NOT l.rejected)
            """;

    @Override
    public CatalogImports.Plan plan(long syncId, SellerId seller, int sampleSize) {
        // fresh statistics including this sync's staged rows (see JdbcCatalogImports.plan: stale ones mean nested loops)
        jdbc.sql("CALL analyze_staging_table('inventory_sync_lines')").update(); // ANALYZE needs the owner: V10
        long[] counts = jdbc.sql(DIFF + "SELECT count(*) FILTER (WHERE next <> cur), count(*) FILTER (WHERE next = cur)"
                        + " FROM d").param("id", syncId).param("seller", seller.value())
                .query((rs, n) -> new long[]{rs.getLong(1), rs.getLong(2)}).single();
        List<String> samples = jdbc.sql(DIFF + "SELECT 'row ' || row_no || ' ' || sku || ': on hand ' || cur || ' -> '"
                        + " || next FROM d WHERE next <> cur ORDER BY row_no LIMIT :n")
                .param("id", syncId).param("seller", seller.value()).param("n", sampleSize).query(String.class).list();
        return new CatalogImports.Plan(0, counts[0], counts[1], ImportRejections.count(jdbc, syncId), samples, List.of());
    }

    @Override
    public CatalogImports.Plan apply(long syncId, SellerId seller, Instant at) {
        CatalogImports.Plan plan = plan(syncId, seller, 10);
        jdbc.sql(DIFF + "UPDATE stock SET on_hand = d.next, updated_at = :at FROM d"
                        + " WHERE stock.product_id = d.product_id AND d.next <> d.cur")
                .param("id", syncId).param("seller", seller.value()).param("at", Rows.param(at)).update();
        return plan;
    }

    @Override
    public void forEachRejection(long syncId, Consumer<CatalogImports.Rejection> visitor) {
        ImportRejections.forEach(streaming, syncId, visitor);
    }
}
