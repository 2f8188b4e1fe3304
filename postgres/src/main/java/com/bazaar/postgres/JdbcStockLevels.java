package com.bazaar.postgres;

import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.inventory.Stock;
import com.bazaar.domain.inventory.StockLevels;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** {@link StockLevels} in table {@code stock}, whose CHECK makes overselling impossible. */
public final class JdbcStockLevels implements StockLevels {

    private static final RowMapper<Stock> ROW = (rs, n) -> new Stock(new ProductId(rs.getLong("product_id")),
            rs.getLong("on_hand"), rs.getLong("reserved"));

    private final JdbcClient jdbc;

    public JdbcStockLevels(Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public Optional<Stock> of(ProductId product) {
        return jdbc.sql("SELECT product_id, on_hand, reserved FROM stock WHERE product_id = :id")
                .param("id", product.value()).query(ROW).optional();
    }

    @Override
    public List<Stock> of(Collection<ProductId> products) {
        if (products.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT product_id, on_hand, reserved FROM stock WHERE product_id IN (:ids)")
                .param("ids", products.stream().map(ProductId::value).toList()).query(ROW).list();
    }

    @Override
    public List<Stock> lockInOrder(Collection<ProductId> products) {
        return jdbc.sql("SELECT product_id, on_hand, reserved FROM stock WHERE product_id IN (:ids)"
                        + " ORDER BY product_id FOR UPDATE")
                .param("ids", products.stream().map(ProductId::value).toList())
                .query(ROW).list();
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
