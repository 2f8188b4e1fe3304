package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.ExitCode;
import com.bazaar.cli.metrics.OperationalState;
import com.bazaar.domain.application.VerifyAuditChain;
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
        var services = checkDatabase(rows, results);
        if (services != null) {
            var schema = services.migrations().check();
            record(rows, results, "migrations", schema == Migrations.SchemaState.CURRENT,
                    schema == Migrations.SchemaState.CURRENT ? "schema version " + Migrations.LATEST_VERSION
                            : "schema is " + schema + " (this bazaar expects version " + Migrations.LATEST_VERSION
                            + "; see 'bazaar db status')");
            if (schema == Migrations.SchemaState.CURRENT) {
                var actor = context.actor();
                services.controlJobs().view(actor);
                var stuck = new OperationalState(services.database().jdbc())
                        .stuckJobs(context.clock().instant(), Duration.ofMinutes(stuckAfterMinutes));
                record(rows, results, "jobs", stuck.isEmpty(), stuck.isEmpty() ? "no job stuck"
                        : stuck.size() + " stuck (no progress for " + stuckAfterMinutes + " min): " + stuck.stream()
                        .map(s -> "execution " + s.execution() + " " + s.job() + " " + s.status() + " since "
                                + s.lastProgress())
                        .collect(Collectors.joining("; ")) + "; see runbooks/alert-job-stuck.md");
                var verdict = services.verifyAuditChain().verify(actor);
                boolean intact = verdict instanceof VerifyAuditChain.Intact;
                context.auditChainValid(intact);
                record(rows, results, "audit_chain", intact, verdict instanceof VerifyAuditChain.Intact i
                        ? i.records() + " records intact"
                        : "broken at record " + ((VerifyAuditChain.Broken) verdict).seq() + ": "
                        + ((VerifyAuditChain.Broken) verdict).problem());
            }
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

    private com.bazaar.cli.wiring.Services checkDatabase(List<Map<String, Object>> rows, Map<String, Boolean> results) {
        try {
            var services = context.servicesWithoutSchemaCheck();
            services.database().jdbc().sql("SELECT 1").query(Integer.class).single();
            record(rows, results, "database", true, context.databaseDescription());
            return services;
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines()
                    .findFirst().orElse("");
            record(rows, results, "database", false, "unreachable: " + reason);
            return null;
        }
    }

    private static void record(List<Map<String, Object>> rows, Map<String, Boolean> results, String check,
                               boolean ok, String detail) {
        results.put(check, ok);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("check", check);
        row.put("status", ok ? "ok" : "FAILED");
        row.put("detail", detail);
        rows.add(row);
    }
}
