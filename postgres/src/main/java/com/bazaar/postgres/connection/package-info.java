/** How Bazaar's connections to PostgreSQL open and how they notice a server that is gone: timeouts and keepalive. */
package com.bazaar.postgres.connection;
