/**
 * The zero-setup Kafka: a real single-node Apache Kafka broker (KRaft) of one Bazaar home, run as a detached JVM
 * from this program's own class path, its data in {@code $BAZAAR_HOME/kafka}; started, stopped and inspected with
 * the same care as the embedded PostgreSQL (a lock, a pid file, stale pid files recognised).
 */
package com.bazaar.events.broker;
