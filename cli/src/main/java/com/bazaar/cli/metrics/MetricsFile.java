package com.bazaar.cli.metrics;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.ExitCode;
import com.bazaar.cli.output.Output;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code --metrics-file PATH}: after a one-shot command, its own outcome and the system's state as Prometheus text,
 * written atomically (temporary file, then rename) as node_exporter's textfile collector requires. The metric names
 * are the contract of runbooks/alerts.yml; docs/observability.md lists them.
 */
public final class MetricsFile {

    /**
     * An execution that has not progressed for this long counts as stuck ({@code bazaar health}'s default; after
     * {@code health --stuck-after N} the file uses N, so the gauge and the check agree).
     */
    public static final Duration STUCK_AFTER = Duration.ofMinutes(30);

    private MetricsFile() {
    }

    /** Writes the file; returns the exit code to use (a failed write turns success into failure: cron must see it). */
    public static int write(CliContext context, String command, int exitCode, long elapsedNanos) {
        Path file = context.metricsFile().orElseThrow();
        try {
            replace(file, render(context, command, exitCode, elapsedNanos));
            return exitCode;
        } catch (IOException | RuntimeException e) {
            Output.error(context.err(), "cannot write the metrics file " + file + ": " + e.getMessage());
            return exitCode == ExitCode.OK ? ExitCode.FAILURE : exitCode;
        }
    }

    /**
     * Replaces {@code file} by {@code text} atomically (a temporary file beside it, then a rename): a reader sees the
     * old file or the new one, never half of one. Also used by a long-running command that rewrites its own metrics
     * ({@code bazaar worker --metrics-file}).
     */
    public static void replace(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static String render(CliContext context, String command, int exitCode, long elapsedNanos) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        String name = command.replaceFirst("^bazaar ?", "");
        String outcome = exitCode == ExitCode.OK ? "ok" : "exit_" + exitCode;
        Counter.builder("bazaar.command.runs").description("Commands run, by command and outcome")
                .tag("command", name).tag("outcome", outcome).register(registry).increment();
        Timer.builder("bazaar.command.duration").description("How long the command took")
                .tag("command", name).register(registry).record(elapsedNanos, TimeUnit.NANOSECONDS);
        // health gauges only from a health check that ran to its verdict (exit 0 or 1): a refused or broken
        // invocation (exit 3: the token may not verify the audit chain) checked only part, and must not say "up"
        if (!context.healthChecks().isEmpty() && (exitCode == ExitCode.OK || exitCode == ExitCode.FAILURE)) {
            boolean up = context.healthChecks().values().stream().allMatch(Boolean::booleanValue);
            gauge(registry, "bazaar.health.up", "1 when every health check passes", Map.of(), up ? 1 : 0);
            context.healthChecks().forEach((check, ok) -> gauge(registry, "bazaar.health.check",
                    "1 when the health check passes", Map.of("check", check), ok ? 1 : 0));
        }
        context.auditChainValid().ifPresent(valid -> gauge(registry, "bazaar.audit.chain.valid",
                "1 when the audit hash chain verified intact", Map.of(), valid ? 1 : 0));
        // a long-running command's file holds its own meters, not the state: the state comes from the cron's file (or
        // serve), and node_exporter refuses the same series from two files
        context.openedServices().filter(services -> context.commandMeters().isEmpty()).ifPresent(services -> {
            try {
                state(registry, services.database(), context);
            } catch (RuntimeException e) {
                Output.diagnostic(context.err(), "warning", "the metrics file lacks the system's state: " + e.getMessage());
            }
        });
        // a long-running command's own meters (the worker's consumers), as it last wrote them, follow
        return registry.scrape() + context.commandMeters().map(PrometheusMeterRegistry::scrape).orElse("")
                + context.usedCacheMeters().map(PrometheusMeterRegistry::scrape).orElse("");
    }

    private static void state(MeterRegistry registry, com.bazaar.postgres.Database database, CliContext context) {
        Duration stuckAfter = context.stuckAfter().orElse(STUCK_AFTER); // health --stuck-after, when it ran
        new StateMeters(registry, stuckAfter, com.bazaar.cli.wiring.BatchRuntime.JOBS)
                .update(StateMeters.Snapshot.read(database, context.clock().instant(), stuckAfter));
    }

    private static void gauge(MeterRegistry registry, String name, String description, Map<String, String> tags,
                              double value) {
        var builder = Gauge.builder(name, () -> value).description(description);
        tags.forEach(builder::tag);
        builder.register(registry);
    }
}
