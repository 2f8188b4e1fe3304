/**
 * The zero-setup database: a real PostgreSQL (zonky's binaries) whose data lives in {@code $BAZAAR_HOME/pgdata},
 * started on first use and shared by every command that runs afterwards, side by side.
 */
package com.bazaar.postgres.embedded;
