/** The composition root: connects to PostgreSQL (embedded or external) and builds the application services. */
package com.bazaar.cli.wiring;
