/**
 * Real PostgreSQL for tests (BAZAAR_TEST_DB_URL, else Testcontainers where Docker runs, else embedded PostgreSQL), and
 * input files in the shapes other platforms write (resources fixtures/catalog, {@link ShopifyExports}).
 */
package com.bazaar.testsupport;
