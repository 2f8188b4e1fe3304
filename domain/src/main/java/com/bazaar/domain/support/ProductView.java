package com.bazaar.domain.support;

import com.bazaar.domain.catalog.Product;
import com.bazaar.domain.inventory.Stock;
import com.bazaar.domain.seller.SellerCode;

/** A product with its seller's code and its stock, as the front ends show it. */
public record ProductView(SellerCode seller, Product product, Stock stock) {
}
