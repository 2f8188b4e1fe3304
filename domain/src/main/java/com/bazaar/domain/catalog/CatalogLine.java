package com.bazaar.domain.catalog;

import com.bazaar.domain.shared.Money;

import java.util.Optional;

/** A row the domain accepted: what the import will create or update, keyed by (seller, SKU). */
public record CatalogLine(long row, Sku sku, String title, Optional<String> description, Optional<String> category,
                          Attributes attributes, Money price, Optional<Long> quantity, Optional<ProductStatus> status) {
}
