package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.ExitCode;
import com.bazaar.cli.metrics.HealthChecks;
import com.bazaar.cli.metrics.OperationalState;
import com.bazaar.postgres.Migrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "health", mixinStandardHelpOptions = true,
        description = {"Check that the system is healthy: the database answers, its schema is current, no batch job is"
                + " stuck, and the audit chain is intact.",
                "Exit 0 when every check passes, 1 otherwise (each failed check is named with the reason).",
                "With a read replica (db.read-url, or a running local replica) a 'replica' row shows its lag, or"
                        + " 'degraded' and why reads go to the primary; it never fails the health check.",
                "Needs a token with job.view and audit.verify (sre, auditor or admin).",
                "With --metrics-file, writes bazaar_health_up and bazaar_health_check{check} for alerting."})
final class HealthCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--stuck-after", paramLabel = "MINUTES", defaultValue = "30",
            description = "A running job execution without progress for this long is stuck (default: ${DEFAULT-VALUE}).")
    long stuckAfterMinutes;

    HealthCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Boolean> results = context.healthChecks();
        context.config(); // an unsafe home or password file is refused (exit 3), not reported as an unreachable database
        var services = openDatabase(rows, results);
        if (services != null) {
            var database = HealthChecks.database(services, context.databaseDescription());
            record(rows, results, database);
            if (database.ok()) {
                var schema = services.migrations().check();
                record(rows, results, HealthChecks.migrations(schema));
                if (schema == Migrations.SchemaState.CURRENT) {
                    var actor = context.actor();
                    services.controlJobs().view(actor);
                    context.stuckAfter(Duration.ofMinutes(stuckAfterMinutes)); // the metrics file counts the same
                    record(rows, results, HealthChecks.jobs(new OperationalState(services.database().jdbc()),
                            context.clock().instant(), Duration.ofMinutes(stuckAfterMinutes)));
                    var chain = HealthChecks.auditChain(services, actor);
                    if (chain.verified()) { // a host that could not check (no key) says nothing about the chain
                        context.auditChainValid(chain.ok());
                    }
                    record(rows, results, chain);
                }
            }
            context.readRouting().ifPresent(routing -> rows.add(replicaRow(routing.choice())));
        }
        boolean healthy = results.values().stream().allMatch(Boolean::booleanValue);
        var output = context.output();
        if (output.json()) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("status", healthy ? "UP" : "DOWN");
            view.put("checks", rows);
            output.record(view);
        } else {
            output.list(rows, List.of("check", "status", "detail"));
            output.message(healthy ? "Healthy." : "UNHEALTHY: " + rows.stream()
                    .filter(r -> !"ok".equals(r.get("status"))).map(r -> (String) r.get("check"))
                    .collect(Collectors.joining(", ")) + " failed.");
        }
        return healthy ? ExitCode.OK : ExitCode.FAILURE;
    }

    /** Opens the database; when that already fails, the database check fails with the reason. */
    private com.bazaar.cli.wiring.Services openDatabase(List<Map<String, Object>> rows, Map<String, Boolean> results) {
        try {
            return context.servicesWithoutSchemaCheck();
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines()
                    .findFirst().orElse("");
            // a login commands refuse (docs/security.md, Database roles) is not an unreachable database
            String what = e instanceof com.bazaar.domain.shared.PermissionDenied ? "login refused: " : "unreachable: ";
            record(rows, results, new HealthChecks.Check("database", false, what + reason));
            return null;
        }
    }

    /**
     * The read replica's row: its lag, or why reads go to the primary. Shown, never failing health: reads fall back to
     * the primary (docs/failure_scenarios.md, read replica).
     */
    private static Map<String, Object> replicaRow(com.bazaar.postgres.replica.ReadRouting.Choice choice) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("check", "replica");
        row.put("status", choice.replica() ? "ok" : "degraded");
        row.put("detail", (choice.replica() ? "read-only work reads there: " : "read-only work reads the primary: ")
                + choice.reason());
        return row;
    }

    private static void record(List<Map<String, Object>> rows, Map<String, Boolean> results, HealthChecks.Check check) {
        results.put(check.name(), check.ok());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("check", check.name());
        row.put("status", check.ok() ? "ok" : "FAILED");
        row.put("detail", check.detail());
        rows.add(row);
    }
}
