/**
 * The catalog import's reading and validation (docs/formats/catalog.md): the header, each row checked by the domain's
 * own value objects, and the error report a seller fixes and uploads again. The Spring Batch job reads
 * with these classes and writes through a domain-owned bulk port.
 */
package com.bazaar.batch.catalog;
