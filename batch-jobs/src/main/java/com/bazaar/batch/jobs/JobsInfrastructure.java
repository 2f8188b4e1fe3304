package com.bazaar.batch.jobs;

import org.springframework.batch.core.configuration.annotation.EnableBatchProcessing;
import org.springframework.batch.core.configuration.annotation.EnableJdbcJobRepository;
import org.springframework.context.annotation.Configuration;

/**
 * The job repository in PostgreSQL (migration V5) and the job operator, over the facade's {@code dataSource} and
 * {@code transactionManager}: a chunk's rows and the reader's saved position commit together. Spring Integration for
 * the remote partitioning of {@link com.bazaar.batch.partition.RemotePartitions}.
 */
@Configuration
@EnableBatchProcessing
@EnableJdbcJobRepository
@org.springframework.integration.config.EnableIntegration
class JobsInfrastructure {
}
