package com.bazaar.cli.commands;

import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.seller.SellerCode;
import picocli.CommandLine.Option;

/** How a product is named on the command line: {@code --seller X --sku S}. */
final class ProductAddress {

    @Option(names = "--seller", required = true, paramLabel = "CODE", description = "The seller's code.")
    String seller;

    @Option(names = "--sku", required = true, paramLabel = "SKU", description = "The product's SKU.")
    String sku;

    SellerCode sellerCode() {
        return SellerCode.of(seller);
    }

    Sku skuValue() {
        return Sku.of(sku);
    }
}
