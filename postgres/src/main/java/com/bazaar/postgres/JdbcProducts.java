package com.bazaar.postgres;

import com.bazaar.domain.catalog.Attributes;
import com.bazaar.domain.catalog.Product;
import com.bazaar.domain.catalog.ProductId;
import com.bazaar.domain.catalog.ProductStatus;
import com.bazaar.domain.catalog.Products;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.Conflict;
import com.bazaar.domain.shared.Cursor;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Json;
import com.bazaar.domain.shared.Money;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link Products} in table {@code products}; creating a product also creates its (empty) stock row. */
public final class JdbcProducts implements Products {

    private static final String COLUMNS = "id, seller_id, sku, title, description, category, attributes::text AS attributes,"
            + " price_minor, currency, status, created_at, version";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final RowMapper<Product> ROW = (rs, n) -> new Product(new ProductId(rs.getLong("id")),
            new SellerId(rs.getLong("seller_id")), new Sku(rs.getString("sku")), rs.getString("title"),
            Rows.optionalString(rs, "description"), Rows.optionalString(rs, "category"),
            attributes(rs.getString("attributes")),
            Money.of(rs.getLong("price_minor"), new CurrencyCode(rs.getString("currency"))),
            ProductStatus.valueOf(rs.getString("status")), Rows.instant(rs, "created_at"), rs.getLong("version"));

    private final JdbcClient jdbc;

    public JdbcProducts(Database database) {
        this.jdbc = database.jdbc();
    }

    @SuppressWarnings("unchecked")
    private static Attributes attributes(String json) {
        Map<String, Object> raw = JSON.readValue(json, LinkedHashMap.class);
        Map<String, String> values = new LinkedHashMap<>();
        raw.forEach((k, v) -> values.put(k, String.valueOf(v)));
        return new Attributes(values);
    }

    @Override
    public Product add(Product.Draft draft, ProductStatus status, Instant at) {
        try {
            Product product = jdbc.sql("INSERT INTO products (seller_id, sku, title, description, category, attributes,"
                            + " price_minor, currency, status, created_at, updated_at) VALUES (:seller, :sku, :title,"
                            + " :description, :category, CAST(:attributes AS jsonb), :price, :currency, :status, :at, :at)"
                            + " RETURNING " + COLUMNS)
                    .param("seller", draft.seller().value())
                    .param("sku", draft.sku().value())
                    .param("title", draft.title())
                    .param("description", draft.description().orElse(null))
                    .param("category", draft.category().orElse(null))
                    .param("attributes", Json.write(draft.attributes().values()))
                    .param("price", draft.price().minor())
                    .param("currency", draft.price().currency().value())
                    .param("status", status.name())
                    .param("at", Rows.param(at))
                    .query(ROW).single();
            jdbc.sql("INSERT INTO stock (product_id, on_hand, reserved, updated_at) VALUES (:id, 0, 0, :at)")
                    .param("id", product.id().value()).param("at", Rows.param(at)).update();
            return product;
        } catch (DuplicateKeyException e) {
            throw new Conflict("SKU_TAKEN", "the seller already has a product with SKU " + draft.sku());
        }
    }

    @Override
    public Optional<Product> bySku(SellerId seller, Sku sku) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM products WHERE seller_id = :seller AND sku = :sku")
                .param("seller", seller.value()).param("sku", sku.value()).query(ROW).optional();
    }

    @Override
    public Optional<Product> bySkuForUpdate(SellerId seller, Sku sku) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM products WHERE seller_id = :seller AND sku = :sku FOR UPDATE")
                .param("seller", seller.value()).param("sku", sku.value()).query(ROW).optional();
    }

    @Override
    public Optional<SellerId> sellerOf(com.bazaar.domain.catalog.ProductId product) {
        return jdbc.sql("SELECT seller_id FROM products WHERE id = :id").param("id", product.value())
                .query((rs, n) -> new SellerId(rs.getLong(1))).optional();
    }

    @Override
    public List<Product> bySkus(SellerId seller, Collection<Sku> skus) {
        if (skus.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM products WHERE seller_id = :seller AND sku IN (:skus)")
                .param("seller", seller.value()).param("skus", skus.stream().map(Sku::value).toList())
                .query(ROW).list();
    }

    @Override
    public List<Product> withSkuPrefix(SellerId seller, String prefix, int limit) {
        String pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql("SELECT " + COLUMNS + " FROM products WHERE seller_id = :seller AND sku LIKE :pattern"
                        + " ESCAPE '\\' ORDER BY sku LIMIT :limit")
                .param("seller", seller.value()).param("pattern", pattern).param("limit", limit)
                .query(ROW).list();
    }

    @Override
    public void update(Product p) {
        int changed = jdbc.sql("UPDATE products SET title = :title, description = :description, category = :category,"
                        + " attributes = CAST(:attributes AS jsonb), price_minor = :price, status = :status,"
                        + " updated_at = now(), version = version + 1 WHERE id = :id AND version = :version")
                .param("title", p.title())
                .param("description", p.description().orElse(null))
                .param("category", p.category().orElse(null))
                .param("attributes", Json.write(p.attributes().values()))
                .param("price", p.price().minor())
                .param("status", p.status().name())
                .param("id", p.id().value())
                .param("version", p.version())
                .update();
        if (changed != 1) {
            throw new Conflict("PRODUCT_CHANGED_CONCURRENTLY", "product " + p.sku() + " was changed meanwhile; try again");
        }
    }

    @Override
    public Page<Product> ofSeller(SellerId seller, Optional<ProductStatus> status, PageRequest page) {
        var after = page.after("product", 1);
        String filter = " FROM products WHERE seller_id = :seller" + (status.isPresent() ? " AND status = :status" : "");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("seller", seller.value());
        status.ifPresent(s -> params.put("status", s.name()));
        after.ifPresent(c -> params.put("after", c.text(0)));
        List<Product> probed = jdbc.sql("SELECT " + COLUMNS + filter + (after.isPresent() ? " AND sku > :after" : "")
                        + " ORDER BY sku LIMIT :limit")
                .params(params).param("limit", page.probe())
                .query(ROW).list();
        var result = Page.of(probed, page, p -> Cursor.of("product", p.sku().value()));
        if (result.next().isEmpty() && after.isEmpty()) {
            return result.withTotal(probed.size());
        }
        return result.withTotal(jdbc.sql("SELECT count(*)" + filter).params(params).query(Long.class).single());
    }
}
