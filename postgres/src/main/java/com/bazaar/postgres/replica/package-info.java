/** Read replicas: how far a replica is behind its primary, and sending read-only transactions to it. */
package com.bazaar.postgres.replica;
