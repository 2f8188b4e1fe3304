package com.bazaar.cli.commands;

import com.bazaar.batch.support.JobRejected;
import com.bazaar.batch.catalog.CatalogImportFinish;
import com.bazaar.batch.catalog.CatalogImportJobConfiguration;
import com.bazaar.batch.input.InputFile;
import com.bazaar.cli.CliContext;
import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import com.bazaar.cli.output.Output;
import com.bazaar.domain.application.ControlJobs;
import com.bazaar.domain.application.ImportCatalog;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.DomainException;
import com.bazaar.domain.shared.NotFound;
import com.bazaar.domain.shared.ValidationException;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.step.StepExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "job", mixinStandardHelpOptions = true,
        description = {"Batch jobs (Spring Batch, job repository in PostgreSQL).",
                "The same file for the same seller and options is one job instance: running it again restarts it if it"
                        + " failed, and changes nothing if it completed."},
        subcommands = {JobCommand.Run.class, JobCommand.ListJobs.class, JobCommand.Status.class, JobCommand.Stop.class,
                JobCommand.Restart.class})
final class JobCommand extends Group {

    static final String OWNER_PID = com.bazaar.batch.support.ImportParameters.OWNER_PID;

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run a job.",
            subcommands = {CatalogImport.class, InventorySync.class, Refunds.class, AuditExport.class})
    static final class Run extends Group {
    }

    @Command(name = "catalog-import", mixinStandardHelpOptions = true,
            description = {"Import a seller's catalog CSV (docs/formats/catalog.md): every row checked by the domain;",
                    "plan (the default) changes nothing and shows what apply would do; apply upserts by (seller, SKU),",
                    "so the same file applied twice changes nothing the second time.",
                    "Exit 0 done; 4 rows failed under the error policy, the file is unusable, or the seller is suspended;",
                    "3 not your seller."})
    static final class CatalogImport implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--seller", required = true, paramLabel = "CODE", description = "The seller to import into.")
        String seller;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The catalog CSV.")
        Path file;

        @Option(names = "--mode", defaultValue = "plan", paramLabel = "plan|apply", description = "Default: plan.")
        String mode;

        @Option(names = "--on-error", defaultValue = "reject-file", paramLabel = "POLICY",
                description = "reject-file (default: all or nothing), skip-rows, or max-errors=N.")
        String onError;

        @Option(names = "--error-report", paramLabel = "FILE",
                description = "Write the failed rows here (row,column,code,message,value + the original columns).")
        Path errorReport;

        @Mixin
        ReasonOption reason;

        CatalogImport(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws Exception {
            var policy = ImportCatalog.ErrorPolicy.parse(onError);
            context.reason(reason.reason);
            return launch(context, CatalogImportJobConfiguration.JOB, seller, file, mode, policy.label(), errorReport,
                    code -> context.services().importCatalog().authorise(context.actor(), code, "apply".equals(mode)));
        }
    }

    @Command(name = "inventory-sync", mixinStandardHelpOptions = true,
            description = {"Sync a seller's stock from its warehouse: a CSV with sku and on_hand (absolute counts) or",
                    "sku and delta. Unknown SKUs and counts below what is reserved (BELOW_RESERVED) are reported, the rest",
                    "applied. plan (the default) changes nothing."})
    static final class InventorySync implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--seller", required = true, paramLabel = "CODE", description = "The seller.")
        String seller;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The stock CSV.")
        Path file;

        @Option(names = "--mode", defaultValue = "plan", paramLabel = "plan|apply", description = "Default: plan.")
        String mode;

        @Option(names = "--error-report", paramLabel = "FILE", description = "Write the failed rows here.")
        Path errorReport;

        @Mixin
        ReasonOption reason;

        InventorySync(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws Exception {
            context.reason(reason.reason);
            return launch(context, com.bazaar.batch.inventory.InventorySyncJobConfiguration.JOB, seller, file, mode,
                    "skip-rows", errorReport, code -> context.services().syncInventory().authorise(context.actor(), code,
                            "apply".equals(mode)));
        }
    }

    @Command(name = "refunds", mixinStandardHelpOptions = true,
            description = {"Issue a file of refunds (finance or operator): rows payment_ref,amount,currency,reason,"
                    + "idempotency_key.", "Each row refunds exactly once however often the file runs; rows the domain"
                    + " refuses are reported; refunds left PENDING or UNKNOWN are settled with the provider before any"
                    + " retry. plan (the default) checks every row and changes nothing."})
    static final class Refunds implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The refunds CSV.")
        Path file;

        @Option(names = "--mode", defaultValue = "plan", paramLabel = "plan|apply", description = "Default: plan.")
        String mode;

        @Option(names = "--error-report", paramLabel = "FILE", description = "Write the rejected rows here.")
        Path errorReport;

        Refunds(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws Exception {
            if (!mode.equals("plan") && !mode.equals("apply")) {
                throw new ValidationException("MODE_INVALID", "mode", "--mode must be plan or apply (got '" + mode + "')");
            }
            var input = InputFile.identify(file);
            context.services().controlJobs().refundsAllowed(context.actor());
            var parameters = new JobParametersBuilder()
                    .addString(CatalogImportJobConfiguration.SHA256, input.sha256())
                    .addString(CatalogImportJobConfiguration.MODE, mode)
                    .addString(CatalogImportJobConfiguration.FILE, input.file().toString(), false)
                    .addString(CatalogImportJobConfiguration.ERROR_REPORT,
                            errorReport == null ? "" : errorReport.toAbsolutePath().toString(), false)
                    .addString(OWNER_PID, Long.toString(ProcessHandle.current().pid()), false)
                    .toJobParameters();
            try (var runtime = context.batchRuntime()) {
                JobExecution execution;
                boolean earlier = false;
                try {
                    if (!runtime.lease(com.bazaar.batch.refunds.RefundsJobConfiguration.JOB, parameters)) {
                        throw new CommandFailure(ExitCode.CONFLICT, "this job is running in another process:"
                                + " see 'bazaar job list'");
                    }
                    execution = runtime.run(() -> runtime.operator().start(
                            runtime.job(com.bazaar.batch.refunds.RefundsJobConfiguration.JOB), parameters));
                } catch (JobInstanceAlreadyCompleteException e) {
                    execution = runtime.repository().getLastJobExecution(runtime.repository()
                            .getJobInstance(com.bazaar.batch.refunds.RefundsJobConfiguration.JOB, parameters));
                    earlier = true;
                } catch (JobExecutionAlreadyRunningException e) {
                    throw new CommandFailure(ExitCode.CONFLICT, "this refunds file is running or was interrupted: see"
                            + " 'bazaar job list', then 'bazaar job restart ID'");
                }
                return JobCommand.report(context, execution, earlier);
            }
        }
    }

    @Command(name = "audit-export", mixinStandardHelpOptions = true,
            description = {"Export the audit trail of [--from, --to] (dates, UTC, both days included) with its hash"
                    + " chain (auditor role).", "Verify the file offline with 'bazaar audit verify --file F'. The export is"
                    + " itself audited."})
    static final class AuditExport implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "First day.")
        String from;

        @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "Last day (included).")
        String to;

        @Option(names = "--format", defaultValue = "jsonl", paramLabel = "jsonl|csv", description = "Default: jsonl.")
        String format;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write.")
        Path out;

        AuditExport(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws Exception {
            if (!format.equals("jsonl") && !format.equals("csv")) {
                throw new ValidationException("FORMAT_INVALID", "format", "--format must be jsonl or csv");
            }
            java.time.LocalDate first;
            java.time.LocalDate last;
            try {
                first = java.time.LocalDate.parse(from);
                last = java.time.LocalDate.parse(to);
            } catch (java.time.format.DateTimeParseException e) {
                throw new ValidationException("DATE_INVALID", "from", "--from and --to are dates such as 2026-11-25");
            }
            if (last.isBefore(first)) {
                throw new ValidationException("DATE_INVALID", "to", "--to must not be before --from");
            }
            context.services().exportAudit().authorise(context.actor());
            var parameters = new JobParametersBuilder()
                    .addString(com.bazaar.batch.audit.AuditExportJobConfiguration.FROM,
                            first.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toString())
                    .addString(com.bazaar.batch.audit.AuditExportJobConfiguration.TO,
                            last.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toString())
                    .addString(com.bazaar.batch.audit.AuditExportJobConfiguration.FORMAT, format)
                    .addString(com.bazaar.batch.audit.AuditExportJobConfiguration.OUT, out.toAbsolutePath().toString())
                    .addString(OWNER_PID, Long.toString(ProcessHandle.current().pid()), false)
                    .toJobParameters();
            try (var runtime = context.batchRuntime()) {
                JobExecution execution;
                try {
                    if (!runtime.lease(com.bazaar.batch.audit.AuditExportJobConfiguration.JOB, parameters)) {
                        throw new CommandFailure(ExitCode.CONFLICT, "this job is running in another process:"
                                + " see 'bazaar job list'");
                    }
                    execution = runtime.run(() -> runtime.operator().start(
                            runtime.job(com.bazaar.batch.audit.AuditExportJobConfiguration.JOB), parameters));
                } catch (JobInstanceAlreadyCompleteException e) {
                    throw new CommandFailure(ExitCode.CONFLICT, "this range was already exported in this format; the"
                            + " export job of it is in 'bazaar job list'");
                } catch (JobExecutionAlreadyRunningException e) {
                    throw new CommandFailure(ExitCode.CONFLICT, "this export is running or was interrupted: see 'bazaar"
                            + " job list', then 'bazaar job restart ID'");
                }
                if (execution.getStatus() != BatchStatus.COMPLETED) {
                    return report(context, execution, false);
                }
                var ctx = execution.getExecutionContext();
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("execution", execution.getId());
                view.put("file", out.toAbsolutePath().toString());
                view.put("format", format);
                view.put("records", ctx.getLong("records", 0L));
                view.put("first_seq", ctx.getLong("first_seq", 0L));
                view.put("last_seq", ctx.getLong("last_seq", 0L));
                view.put("sha256", ctx.containsKey("sha256") ? ctx.getString("sha256") : null);
                context.output().message("Exported the audit trail; verify it offline with: bazaar audit verify --file "
                        + out);
                context.output().record(view);
                return ExitCode.OK;
            }
        }
    }

    /** Starts (or restarts, or finds complete) the job instance for this seller, file and options. */
    static int launch(CliContext context, String job, String seller, Path file, String mode, String policy,
                      Path errorReport, java.util.function.Consumer<SellerCode> authorise) throws Exception {
        if (!mode.equals("plan") && !mode.equals("apply")) {
            throw new ValidationException("MODE_INVALID", "mode", "--mode must be plan or apply (got '" + mode + "')");
        }
        // the real path, once (a user's own symbolic link is fine); from now on the job reads that path without
        // following links, and only the bytes whose checksum identifies it
        var input = InputFile.identify(file);
        context.services();
        var sellerCode = SellerCode.of(seller);
        authorise.accept(sellerCode);
        var parameters = new JobParametersBuilder()
                .addString(CatalogImportJobConfiguration.SELLER, sellerCode.value())
                .addString(CatalogImportJobConfiguration.SHA256, input.sha256())
                .addString(CatalogImportJobConfiguration.MODE, mode)
                .addString(CatalogImportJobConfiguration.ON_ERROR, policy)
                .addString(CatalogImportJobConfiguration.FILE, input.file().toString(), false)
                .addString(CatalogImportJobConfiguration.ERROR_REPORT,
                        errorReport == null ? "" : errorReport.toAbsolutePath().toString(), false)
                .addString(OWNER_PID, Long.toString(ProcessHandle.current().pid()), false)
                .toJobParameters();
        try (var runtime = context.batchRuntime()) {
            JobExecution execution;
            boolean earlier = false;
            try {
                if (!runtime.lease(job, parameters)) {
                    throw new CommandFailure(ExitCode.CONFLICT, "this job is running in another process:"
                            + " see 'bazaar job list'");
                }
                execution = runtime.run(() -> runtime.operator().start(runtime.job(job), parameters));
            } catch (JobInstanceAlreadyCompleteException e) {
                var instance = runtime.repository().getJobInstance(job, parameters);
                execution = runtime.repository().getLastJobExecution(instance);
                earlier = true;
            } catch (JobExecutionAlreadyRunningException e) {
                throw new CommandFailure(ExitCode.CONFLICT, "this job is already running or was interrupted:"
                        + " see 'bazaar job list', then 'bazaar job restart ID' if its process is gone");
            }
            return JobCommand.report(context, execution, earlier);
        }
    }

    /** Prints a job execution's outcome and returns the exit code it means. */
    static int report(CliContext context, JobExecution execution, boolean earlier) {
        var output = context.output();
        var ctx = execution.getExecutionContext();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("execution", execution.getId());
        view.put("instance", execution.getJobInstance().getInstanceId());
        view.put("job", execution.getJobInstance().getJobName());
        view.put("status", execution.getStatus().name());
        view.put("exit", execution.getExitStatus().getExitCode());
        var params = execution.getJobParameters();
        view.put("seller", params.getString(CatalogImportJobConfiguration.SELLER));
        view.put("mode", params.getString(CatalogImportJobConfiguration.MODE));
        view.put("on_error", params.getString(CatalogImportJobConfiguration.ON_ERROR));
        view.put("file", params.getString(CatalogImportJobConfiguration.FILE));
        // the file-reading step: "stage" for imports and syncs, "refund" for refund files
        long read = execution.getStepExecutions().stream()
                .filter(s -> s.getStepName().equals("stage") || s.getStepName().equals("refund"))
                .mapToLong(StepExecution::getReadCount).sum();
        view.put("rows", read);
        for (String key : List.of(CatalogImportFinish.CREATED, CatalogImportFinish.UPDATED,
                CatalogImportFinish.UNCHANGED, CatalogImportFinish.REJECTED)) {
            view.put(key, ctx.containsKey(key) ? ctx.getLong(key) : null);
        }
        for (String key : List.of("refunds.would-refund", "refunds.succeeded", "refunds.pending", "refunds.failed",
                "refunds.replayed", "refunds.settled-pending")) {
            if (ctx.containsKey(key)) {
                view.put(key.replace("refunds.", "refunds_").replace('-', '_'), ctx.getLong(key));
            }
        }
        view.put("applied", ctx.containsKey(CatalogImportFinish.APPLIED) ? ctx.getString(CatalogImportFinish.APPLIED) : null);
        String report = params.getString(CatalogImportJobConfiguration.ERROR_REPORT);
        view.put("error_report", report == null || report.isBlank() ? null : report);
        view.put("duration", execution.getStartTime() == null || execution.getEndTime() == null ? null
                : Duration.between(execution.getStartTime(), execution.getEndTime()).toMillis() + " ms");
        if (earlier) {
            output.message("This file was already processed with these options (job execution " + execution.getId()
                    + "); nothing was done again.");
        }
        String changes = ctx.containsKey(CatalogImportFinish.CHANGES) ? ctx.getString(CatalogImportFinish.CHANGES) : "";
        String warnings = ctx.containsKey(CatalogImportFinish.WARNINGS) ? ctx.getString(CatalogImportFinish.WARNINGS) : "";
        view.put("changes", changes.isBlank() ? List.of() : List.of(changes.split("\n")));
        view.put("warnings", warnings.isBlank() ? List.of() : List.of(warnings.split("\n")));
        output.record(view);
        String refusal = ctx.containsKey(CatalogImportFinish.REFUSAL) ? ctx.getString(CatalogImportFinish.REFUSAL) : "";
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            if (!refusal.isBlank()) {
                Output.error(context.err(), refusal);
                return ExitCode.REJECTED;
            }
            return ExitCode.OK;
        }
        for (Throwable failure : execution.getAllFailureExceptions()) {
            Throwable cause = failure;
            while (cause.getCause() != null && !(cause instanceof JobRejected) && !(cause instanceof DomainException)) {
                cause = cause.getCause();
            }
            if (cause instanceof JobRejected rejected) {
                Output.error(context.err(), rejected.getMessage());
                return ExitCode.REJECTED;
            }
            if (cause instanceof DomainException domain) {
                Output.error(context.err(), domain.getMessage());
                return com.bazaar.cli.Bazaar.exitCodeOf(domain);
            }
        }
        if (execution.getStatus().isRunning()) {
            // only 'job status' sees one: the jobs this process runs have ended when they are reported
            Output.diagnostic(context.err(), "note", "job " + execution.getId() + " is " + execution.getStatus()
                    + ": it is running in another process, or the process that ran it is gone (killed, or it lost"
                    + " the database); 'bazaar job restart " + execution.getId() + "' continues it if nothing runs it"
                    + " and refuses (exit 6) while something does");
            return ExitCode.OK;
        }
        if (execution.getStatus() == BatchStatus.STOPPED) {
            Output.error(context.err(), "job " + execution.getId() + " was stopped on request (bazaar job stop) after"
                    + " its last committed chunk; 'bazaar job restart " + execution.getId() + "' continues it");
            return ExitCode.FAILURE;
        }
        String reason = execution.getAllFailureExceptions().stream().findFirst().map(JobCommand::describe)
                // read back from the job repository: the first line of the stored trace, without its class name
                .orElse(execution.getExitStatus().getExitDescription().lines().findFirst().orElse("")
                        .replaceFirst("^([A-Za-z_$][\\w$]*\\.)+[A-Z][\\w$]*: ", ""));
        Output.error(context.err(), "job " + execution.getId() + " ended " + execution.getStatus() + ": " + reason
                + " (fix the cause, then 'bazaar job restart " + execution.getId() + "')");
        return ExitCode.FAILURE;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List recent job executions.")
    static final class ListJobs implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "At most N per job (default 20).")
        int limit;

        ListJobs(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            boolean all = context.services().controlJobs().view(context.actor());
            String own = context.authenticated().sellerCode().map(SellerCode::value).orElse(null);
            try (var runtime = context.batchRuntime()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (String name : runtime.jobNames()) {
                    for (var instance : runtime.repository().getJobInstances(name, 0, limit)) {
                        for (var execution : runtime.repository().getJobExecutions(instance)) {
                            String seller = execution.getJobParameters().getString(CatalogImportJobConfiguration.SELLER);
                            if (!all && (own == null || !own.equals(seller))) {
                                continue;
                            }
                            Map<String, Object> row = new LinkedHashMap<>();
                            row.put("execution", execution.getId());
                            row.put("job", name);
                            row.put("seller", seller);
                            row.put("mode", execution.getJobParameters().getString(CatalogImportJobConfiguration.MODE));
                            row.put("status", execution.getStatus().name());
                            row.put("exit", execution.getExitStatus().getExitCode());
                            row.put("started", execution.getStartTime() == null ? null : execution.getStartTime().toString());
                            rows.add(row);
                        }
                    }
                }
                rows.sort((a, b) -> Long.compare((Long) b.get("execution"), (Long) a.get("execution")));
                context.output().list(rows, List.of("execution", "job", "seller", "mode", "status", "exit", "started"));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show one job execution: its steps, counts, duration and outcome.")
    static final class Status implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "ID", description = "The execution id (see 'bazaar job list').")
        long id;

        Status(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var jobs = context.services().controlJobs();
            jobs.view(context.actor());
            try (var runtime = context.batchRuntime()) {
                var found = execution(runtime, id);
                // a seller user sees only its own seller's jobs: any other id is, to it, a missing one (same answer)
                jobs.requireVisible(context.actor(), id, found.map(e -> new ControlJobs.Job(Optional.ofNullable(
                        e.getJobParameters().getString(CatalogImportJobConfiguration.SELLER)))));
                var execution = found.orElseThrow();
                List<Map<String, Object>> steps = execution.getStepExecutions().stream().map(s -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("step", s.getStepName());
                    row.put("status", s.getStatus().name());
                    row.put("read", s.getReadCount());
                    row.put("written", s.getWriteCount());
                    row.put("skipped", s.getSkipCount());
                    row.put("commits", s.getCommitCount());
                    row.put("duration", s.getStartTime() == null || s.getEndTime() == null ? null
                            : Duration.between(s.getStartTime(), s.getEndTime()).toMillis() + " ms");
                    return row;
                }).toList();
                if (!context.output().json()) {
                    context.output().list(steps, List.of("step", "status", "read", "written", "skipped", "commits",
                            "duration"));
                    context.out().println();
                }
                report(context, execution, false);
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Ask a running job execution to stop at its next chunk boundary (restart it later).")
    static final class Stop implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "ID", description = "The execution id.")
        long id;

        Stop(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws Exception {
            context.services().controlJobs().control(context.actor(), "job:" + id);
            try (var runtime = context.batchRuntime()) {
                var execution = execution(runtime, id).orElseThrow(() -> ControlJobs.missing(id));
                // The stop signal of Spring Batch 5, set on the job execution only: the running process reads it
                // when it saves its step after each chunk, marks the step to terminate and ends STOPPED. Batch 6's
                // JobOperator.stop() also rewrites the running step execution from this process, so the running
                // process's next save fails on its version and the job ends FAILED (spring-batch #5120; JobStopIT).
                if (!execution.isRunning() || execution.getStatus() == BatchStatus.STOPPING) {
                    throw new CommandFailure(ExitCode.REJECTED, "job execution " + id + " is not running (it is "
                            + execution.getStatus() + ")");
                }
                execution.setStatus(BatchStatus.STOPPING);
                runtime.repository().update(execution);
                context.output().message("Asked job execution " + id + " to stop; it stops after its current chunk."
                        + " 'bazaar job status " + id + "' shows STOPPED once it has.");
                return ExitCode.OK;
            }
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true,
            description = {"Restart a failed or stopped job execution from its last committed chunk.",
                    "Applying to a suspended seller's catalog needs --reason (admin, operator).",
                    "An execution left running by a killed process (kill -9, power loss) is marked failed first."})
    static final class Restart implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "ID", description = "The execution id.")
        long id;

        @Mixin
        ReasonOption reason;

        Restart(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws Exception {
            context.reason(reason.reason);
            context.services().controlJobs().control(context.actor(), "job:" + id);
            try (var runtime = context.batchRuntime()) {
                var execution = execution(runtime, id).orElseThrow(() -> ControlJobs.missing(id));
                // the run lease is held by whichever live process runs this job instance (any host); if we get it,
                // nobody runs it, and an execution still marked running was left by a process that is gone
                if (!runtime.lease(execution.getJobInstance().getJobName(), execution.getJobParameters())) {
                    throw new CommandFailure(ExitCode.CONFLICT, "job execution " + id + " is still running in another"
                            + " process; stop it with 'bazaar job stop " + id + "' first");
                }
                if (execution.getStatus().isRunning()) {
                    execution = runtime.operator().recover(execution);
                    context.output().message("Job execution " + id + " was left running by a process that is gone;"
                            + " marked it " + execution.getStatus() + ".");
                }
                if (execution.getStatus() == BatchStatus.COMPLETED) {
                    throw new CommandFailure(ExitCode.REJECTED, "job execution " + id + " completed; there is nothing"
                            + " to restart");
                }
                if (execution.getStatus() == BatchStatus.UNKNOWN) {
                    // Spring Batch says UNKNOWN when a rollback failed (the connection was lost). Our job repository
                    // lives in the same database and every chunk commits its data and its progress in one
                    // transaction, so whatever committed is recorded and a restart resumes right after it.
                    var repository = runtime.repository();
                    for (var step : execution.getStepExecutions()) {
                        if (step.getStatus() == BatchStatus.UNKNOWN || step.getStatus().isRunning()) {
                            step.setStatus(BatchStatus.FAILED);
                            step.setExitStatus(step.getExitStatus().and(org.springframework.batch.core.ExitStatus.FAILED));
                            repository.update(step);
                        }
                    }
                    execution.setStatus(BatchStatus.FAILED);
                    repository.update(execution);
                    context.output().message("Job execution " + id + " ended UNKNOWN (its database connection was lost"
                            + " during a rollback); every chunk commits with its progress, so it was marked FAILED and"
                            + " resumes after its last committed chunk.");
                }
                JobExecution failed = execution;
                JobExecution restarted = runtime.run(() -> runtime.operator().restart(failed));
                context.output().message("Restarted as job execution " + restarted.getId() + ".");
                return report(context, restarted, false);
            }
        }
    }

    /**
     * The job execution with this id, if there is one. Spring Batch's repository answers a missing id with an
     * exception ("Incorrect result size") rather than null: that is "not found" (exit 5), never a failure.
     */
    static Optional<JobExecution> execution(com.bazaar.cli.wiring.BatchRuntime runtime, long id) {
        try {
            return Optional.ofNullable(runtime.repository().getJobExecution(id));
        } catch (org.springframework.dao.EmptyResultDataAccessException missing) {
            return Optional.empty();
        }
    }

    /**
     * One sentence for a job's failure: the first message that is not a framework wrapper, plus the root cause when
     * it says more (e.g. "No space left on device"); never a stack trace (those are for --debug).
     */
    static String describe(Throwable failure) {
        String outer = null;
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            if (outer == null && t.getMessage() != null && !t.getClass().getName().startsWith("org.springframework")) {
                outer = t.getMessage();
            }
        }
        String rootMessage = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (outer == null) {
            outer = rootMessage;
        } else if (!outer.contains(rootMessage)) {
            outer = outer + ": " + rootMessage;
        }
        return outer.lines().findFirst().orElse(outer);
    }
}
