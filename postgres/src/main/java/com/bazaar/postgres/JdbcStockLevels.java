package com.bazaar.postgres;

import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.inventory.Stock;
import com.bazaar.domain.inventory.StockLane;
import com.bazaar.domain.inventory.StockLevels;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link StockLevels} in tables {@code stock} and {@code stock_lanes} (V33, ADR 0014), whose CHECKs and triggers make
 * overselling impossible: a row's {@code reserved} counts the units held on the row and every unit its lanes were
 * allotted; a lane's {@code taken} the units held on it.
 */
public final class JdbcStockLevels implements StockLevels {

    private static final RowMapper<Stock> ROW = (rs, n) -> new Stock(new ProductId(rs.getLong("product_id")),
            rs.getLong("on_hand"), rs.getLong("reserved"), rs.getInt("lanes"));
    private static final RowMapper<StockLane> LANE = (rs, n) -> new StockLane(new ProductId(rs.getLong("product_id")),
            rs.getInt("lane"), rs.getLong("allotted"), rs.getLong("taken"));

    /**
     * The whole stock of a product: the units available on its lanes are not reserved. Only a product with lanes
     * ({@code laned}, V34) reads them: nearly every product has none, and no look-up.
     */
    private static final String WHOLE = "SELECT s.product_id, s.on_hand, s.reserved - CASE WHEN s.laned THEN"
            + " coalesce((SELECT sum(l.allotted - l.taken) FROM stock_lanes l WHERE l.product_id = s.product_id), 0)"
            + " ELSE 0 END AS reserved, s.lanes FROM stock s";

    /**
     * For set-based SQL over many products (imports, syncs): {@code LEFT JOIN} this {@code ON lane_free.product_id =
     * s.product_id} and subtract {@code coalesce(lane_free.free, 0)} from {@code s.reserved} to read a product's
     * reserved units whole. One pass over the few lanes (only hot products have any), no look-up per product.
     */
    static final String LANE_FREE = "(SELECT product_id, sum(allotted - taken) AS free FROM stock_lanes"
            + " GROUP BY product_id) lane_free";

    private final JdbcClient jdbc;

    public JdbcStockLevels(Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public Optional<Stock> of(ProductId product) {
        return jdbc.sql(WHOLE + " WHERE s.product_id = :id").param("id", product.value()).query(ROW).optional();
    }

    @Override
    public List<Stock> of(Collection<ProductId> products) {
        if (products.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(WHOLE + " WHERE s.product_id IN (:ids)")
                .param("ids", products.stream().map(ProductId::value).toList()).query(ROW).list();
    }

    @Override
    public List<Stock> lockInOrder(Collection<ProductId> products) {
        if (products.isEmpty()) {
            return List.of();
        }
        // every row first, in product order; then the products with lanes gather them, in product order
        List<Object[]> rows = jdbc.sql("SELECT s.product_id, s.on_hand, s.reserved, s.lanes, s.laned"
                        + " FROM stock s WHERE s.product_id IN (:ids) ORDER BY s.product_id FOR UPDATE OF s")
                .param("ids", products.stream().map(ProductId::value).toList())
                .query((rs, n) -> new Object[]{ROW.mapRow(rs, n), rs.getBoolean("laned")}).list();
        List<Stock> whole = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            whole.add((Boolean) row[1] ? gather((Stock) row[0]) : (Stock) row[0]);
        }
        return whole;
    }

    private Stock gather(Stock row) {
        long free = gather(jdbc, row.product().value());
        return free == 0 ? row : new Stock(row.product(), row.onHand(), row.reserved() - free, row.lanes());
    }

    /**
     * Locks every lane of a product whose stock row this transaction holds (waiting for the buyers on them) and gives
     * the units available on them back to the row; returns how many. Afterwards each lane's allotment is what its
     * reservations hold and the row's reserved the product's reserved units. The lanes shrink before the row (the
     * triggers of V33 check in that order).
     */
    static long gather(JdbcClient jdbc, long product) {
        long free = jdbc.sql("SELECT product_id, lane, allotted, taken FROM stock_lanes WHERE product_id = :p"
                        + " ORDER BY lane FOR UPDATE")
                .param("p", product).query(LANE).list().stream().mapToLong(StockLane::available).sum();
        if (free > 0) {
            jdbc.sql("UPDATE stock_lanes SET allotted = taken WHERE product_id = :p AND allotted > taken")
                    .param("p", product).update();
            jdbc.sql("UPDATE stock SET reserved = reserved - :free WHERE product_id = :p")
                    .param("free", free).param("p", product).update();
        }
        return free;
    }

    @Override
    public Optional<StockLane> lockLaneWithAvailable(ProductId product, long quantity) {
        // lanes in an order that starts at a random lane, so that buyers spread over them; the lanes other buyers
        // hold are skipped (their rows re-checked against the condition once locked)
        return jdbc.sql("SELECT product_id, lane, allotted, taken FROM stock_lanes WHERE product_id = :p"
                        + " AND allotted - taken >= :q ORDER BY (lane + :start) % 64 LIMIT 1 FOR UPDATE SKIP LOCKED")
                .param("p", product.value()).param("q", quantity)
                .param("start", ThreadLocalRandom.current().nextInt(Stock.MAX_LANES)).query(LANE).optional();
    }

    @Override
    public StockLane lockLane(ProductId product, int lane) {
        return jdbc.sql("SELECT product_id, lane, allotted, taken FROM stock_lanes WHERE product_id = :p AND lane = :l"
                        + " FOR UPDATE")
                .param("p", product.value()).param("l", lane).query(LANE).optional()
                .orElseThrow(() -> new IllegalStateException("product " + product + " has no stock lane " + lane));
    }

    @Override
    public void saveLane(StockLane lane) {
        jdbc.sql("UPDATE stock_lanes SET allotted = :a, taken = :t WHERE product_id = :p AND lane = :l")
                .param("a", lane.allotted()).param("t", lane.taken()).param("p", lane.product().value())
                .param("l", lane.lane()).update();
    }

    @Override
    public void spread(Stock stock) {
        long free = stock.available();
        int lanes = stock.lanes();
        // the row sets the units aside first, then the lanes take them (the triggers of V33 check in that order)
        jdbc.sql("UPDATE stock SET lanes = :n, reserved = reserved + :free, updated_at = now() WHERE product_id = :p")
                .param("n", lanes).param("free", lanes > 1 ? free : 0).param("p", stock.product().value()).update();
        if (lanes == 1) {
            return;
        }
        StringBuilder values = new StringBuilder();
        var params = new java.util.LinkedHashMap<String, Object>();
        for (int lane = 1; lane <= lanes; lane++) {
            long share = free / lanes + (lane <= free % lanes ? 1 : 0);
            values.append(lane == 1 ? "" : ",").append("(CAST(:p AS bigint), CAST(:l").append(lane)
                    .append(" AS smallint), CAST(:a").append(lane).append(" AS bigint), 0)");
            params.put("l" + lane, lane);
            params.put("a" + lane, share);
        }
        jdbc.sql("INSERT INTO stock_lanes AS s (product_id, lane, allotted, taken) VALUES " + values
                        + " ON CONFLICT (product_id, lane) DO UPDATE SET allotted = s.allotted + excluded.allotted")
                .param("p", stock.product().value()).params(params).update();
    }

    @Override
    public void saveAll(List<Stock> stocks) {
        if (stocks.size() == 1) {
            save(stocks.get(0));
            return;
        }
        StringBuilder values = new StringBuilder();
        var params = new java.util.LinkedHashMap<String, Object>();
        for (int i = 0; i < stocks.size(); i++) {
            values.append(i == 0 ? "" : ",").append("(CAST(:p").append(i).append(" AS bigint), CAST(:h").append(i)
                    .append(" AS bigint), CAST(:r").append(i).append(" AS bigint))");
            params.put("p" + i, stocks.get(i).product().value());
            params.put("h" + i, stocks.get(i).onHand());
            params.put("r" + i, stocks.get(i).reserved());
        }
        jdbc.sql("UPDATE stock s SET on_hand = v.on_hand, reserved = v.reserved, updated_at = now()"
                        + " FROM (VALUES " + values + ") AS v(product_id, on_hand, reserved) WHERE s.product_id = v.product_id")
                .params(params).update();
    }

    @Override
    public void save(Stock stock) {
        jdbc.sql("UPDATE stock SET on_hand = :onHand, reserved = :reserved, updated_at = now() WHERE product_id = :id")
                .param("onHand", stock.onHand()).param("reserved", stock.reserved())
                .param("id", stock.product().value()).update();
    }
}
