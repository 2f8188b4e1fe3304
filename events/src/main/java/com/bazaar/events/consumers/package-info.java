/**
 * The workers' consumers: each in a consumer group, each applying a record once, failures controlled - transient ones
 * retried with bounded exponential backoff in place (per-key order holds), poison ones sent to {@code <topic>.dlt} and
 * mirrored into the dead-letter table - and the clients of the order request topic.
 */
package com.bazaar.events.consumers;
