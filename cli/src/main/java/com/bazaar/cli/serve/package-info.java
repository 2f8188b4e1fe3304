/**
 * {@code bazaar serve}: the long-running mode. A Spring Boot web application (actuator {@code /actuator/health}
 * and {@code /actuator/prometheus}) over a connection pool and the same application services as the command line,
 * which also runs the scheduled work (reservation expiry, the payment janitor). Started only by that command.
 */
package com.bazaar.cli.serve;
