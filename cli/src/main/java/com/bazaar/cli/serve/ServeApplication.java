package com.bazaar.cli.serve;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The Spring Boot application of {@code bazaar serve}: Boot's auto-configuration gives the web server, the
 * actuator endpoints and the Prometheus registry; this adds the four health checks (as health contributors named
 * like the checks of {@code bazaar health}), the monitor that refreshes them, and the scheduled work.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class ServeApplication {

    @Bean
    Monitor monitor(ServeRuntime runtime, MeterRegistry registry) {
        return new Monitor(runtime, registry);
    }

    @Bean
    ScheduledWork scheduledWork(ServeRuntime runtime, Monitor monitor, MeterRegistry registry,
                                Environment environment) {
        return new ScheduledWork(runtime, monitor, registry, environment);
    }

    @Bean
    HealthIndicator database(Monitor monitor) {
        return () -> health(monitor, "database");
    }

    @Bean
    HealthIndicator migrations(Monitor monitor) {
        return () -> health(monitor, "migrations");
    }

    @Bean
    HealthIndicator jobs(Monitor monitor) {
        return () -> health(monitor, "jobs");
    }

    @Bean(name = "auditChain")
    HealthIndicator auditChain(Monitor monitor) {
        return () -> health(monitor, "audit_chain");
    }

    /**
     * Keeps the scrape clean for {@code promtool check metrics} (CI checks it): meters of no use here that break
     * Prometheus naming rules are dropped (Tomcat sessions - the server keeps none; CPU counters in ms/ns; a
     * "_count" gauge), and a meter without help text gets one.
     */
    @Bean
    MeterFilter promtoolClean() {
        return new MeterFilter() {
            @Override
            public MeterFilterReply accept(Meter.Id id) {
                String name = id.getName();
                return name.startsWith("tomcat.sessions") || name.equals("jvm.compilation.time")
                        || name.equals("process.cpu.time") || name.equals("system.cpu.count")
                        ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
            }

            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getDescription() != null && !id.getDescription().isBlank()) {
                    return id;
                }
                String help = id.getName().startsWith("http.server.requests")
                        ? "HTTP requests served by bazaar serve (health and metrics endpoints)"
                        : id.getName() + " (see docs/observability.md)";
                return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), help,
                        id.getType());
            }
        };
    }

    static Health health(Monitor monitor, String check) {
        return monitor.result(check)
                .map(r -> (r.check().ok() ? Health.up() : Health.down()).withDetail("detail", r.check().detail())
                        .withDetail("checked_at", r.checkedAt().toString()).build())
                // before the first check: out of service (HTTP 503), never UP by default
                .orElseGet(() -> Health.outOfService().withDetail("detail", "not checked yet").build());
    }
}
