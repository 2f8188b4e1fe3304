/**
 * Remote partitioning: a job's per-item step split into partitions that {@code bazaar worker --batch} processes (and
 * the launching process itself), requests over Kafka, results polled from the shared job repository.
 */
package com.bazaar.batch.partition;
