/**
 * What SREs read: the health checks ({@code HealthChecks}), the system's state as Micrometer meters
 * ({@code StateMeters}, read by {@code OperationalState}), and the Prometheus text file of
 * {@code --metrics-file} ({@code MetricsFile}). Shared by {@code bazaar health}, the metrics file and
 * {@code bazaar serve}; docs/observability.md lists every metric.
 */
package com.bazaar.cli.metrics;
