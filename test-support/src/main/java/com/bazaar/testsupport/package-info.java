/** Real PostgreSQL for tests: BAZAAR_TEST_DB_URL, else Testcontainers where Docker runs, else embedded PostgreSQL. */
package com.bazaar.testsupport;
