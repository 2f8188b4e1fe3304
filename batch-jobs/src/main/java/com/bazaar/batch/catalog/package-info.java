/**
 * The catalog import's reading and validation: the file's format (Bazaar's own, docs/formats/catalog.md; Shopify's
 * product CSV, docs/formats/shopify.md; Magento 2's catalog export, docs/formats/magento.md) mapping the seller's
 * columns onto the domain's cells, each row checked by the domain's own value objects, and the error report a seller
 * fixes and uploads again. The Spring Batch job reads with these classes and writes through a domain-owned bulk port.
 */
package com.bazaar.batch.catalog;
