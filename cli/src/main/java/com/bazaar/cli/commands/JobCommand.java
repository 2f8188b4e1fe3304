package com.bazaar.cli.commands;

import com.bazaar.batch.input.InputFile;
import com.bazaar.batch.jobs.AuditExportRequest;
import com.bazaar.batch.jobs.CatalogImportRequest;
import com.bazaar.batch.jobs.InventorySyncRequest;
import com.bazaar.batch.jobs.JobDetails;
import com.bazaar.batch.jobs.JobReport;
import com.bazaar.batch.jobs.JobRequest;
import com.bazaar.batch.jobs.JobStatus;
import com.bazaar.batch.jobs.Launch;
import com.bazaar.batch.jobs.Mode;
import com.bazaar.batch.jobs.RefundsRequest;
import com.bazaar.batch.jobs.RestartOutcome;
import com.bazaar.batch.jobs.StopOutcome;
import com.bazaar.cli.CliContext;
import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import com.bazaar.cli.output.Output;
import com.bazaar.domain.catalog.application.ImportCatalog;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.ValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "job", mixinStandardHelpOptions = true,
        description = {"Batch jobs (Spring Batch, job repository in PostgreSQL).",
                "The same file for the same seller and options is one job instance: running it again restarts it if it"
                        + " failed, changes nothing if it completed, and gives the same answer if it was rejected for"
                        + " its content (fix the file: a fixed file is a new job)."},
        subcommands = {JobCommand.Run.class, JobCommand.ListJobs.class, JobCommand.Status.class, JobCommand.Stop.class,
                JobCommand.Restart.class})
final class JobCommand extends Group {

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run a job.",
            subcommands = {CatalogImport.class, InventorySync.class, Refunds.class, AuditExport.class})
    static final class Run extends Group {
    }

    @Command(name = "catalog-import", mixinStandardHelpOptions = true,
            description = {"Import a seller's catalog CSV (docs/formats/catalog.md): every row checked by the domain;",
                    "plan (the default) changes nothing and shows what apply would do; apply upserts by (seller, SKU),",
                    "so the same file applied twice changes nothing the second time.",
                    "Reads Bazaar's own format, Shopify's product CSV and Magento 2's catalog export (--format; by",
                    "default detected from the header, and the summary says which: 'format: shopify').",
                    "Exit 0 done (rows rejected under skip-rows are reported); 4 rejected: rows failed under the error",
                    "policy, the file is unusable, or the seller is suspended; 6 the file changed since the job started;",
                    "3 not your seller. Under reject-file the error report holds every row, to fix and upload again."})
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
                description = "Write the failed rows here (row,column,code,message,value + the original columns),"
                        + " and the rows that import with a warning (BARCODE_DAMAGED).")
        Path errorReport;

        @Option(names = "--format", defaultValue = "auto", paramLabel = "auto|bazaar|shopify|magento",
                description = "The file's format: bazaar (docs/formats/catalog.md), shopify (a Shopify product CSV,"
                        + " docs/formats/shopify.md), magento (a Magento 2 catalog export, docs/formats/magento.md)."
                        + " Default: auto, detected from the header.")
        String format;

        @Option(names = "--generate-sku",
                description = "Shopify only: give a variant without a Variant SKU a SKU derived from its Handle and"
                        + " option values (the same file always gives the same SKUs; the summary counts them)."
                        + " Without it such a variant is a failed row (SKU_MISSING).")
        boolean generateSku;

        @Mixin
        ReasonOption reason;

        CatalogImport(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws Exception {
            var policy = ImportCatalog.ErrorPolicy.parse(onError);
            String fileFormat = CatalogImportRequest.format(format);
            context.reason(reason.reason);
            return launch(context, seller, file, mode,
                    code -> context.services().importCatalog().authorise(context.actor(), code, "apply".equals(mode)),
                    (code, input, how) -> new CatalogImportRequest(code, input, how, policy.label(),
                            Optional.ofNullable(errorReport), fileFormat, generateSku));
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
            return launch(context, seller, file, mode, code -> context.services().syncInventory()
                            .authorise(context.actor(), code, "apply".equals(mode)),
                    (code, input, how) -> new InventorySyncRequest(code, input, how, Optional.ofNullable(errorReport)));
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

        @Option(names = "--partitions", paramLabel = "N", defaultValue = "1",
                description = "Issue the rows in N partitions (2-64) that 'bazaar worker --batch' processes share with"
                        + " this process (requests over Kafka). Default: 1, this process alone.")
        int partitions;

        Refunds(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws Exception {
            var how = Mode.parse(mode);
            var input = InputFile.identify(file);
            context.services().controlJobs().refundsAllowed(context.actor());
            return run(context, new RefundsRequest(input, how, Optional.ofNullable(errorReport),
                            partitions(partitions)),
                    "this refunds file is running or was interrupted: see 'bazaar job list', then 'bazaar job restart"
                            + " ID'");
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
            try (var runtime = context.batchRuntime()) {
                var launched = runtime.jobs().start(context.actor(), new AuditExportRequest(first, last, format, out));
                if (launched instanceof Launch.AlreadyComplete) {
                    throw new CommandFailure(ExitCode.CONFLICT, "this range was already exported in this format; the"
                            + " export job of it is in 'bazaar job list'");
                }
                JobReport report = ran(launched, "this export is running or was interrupted: see 'bazaar job list',"
                        + " then 'bazaar job restart ID'");
                if (report.status() != JobStatus.COMPLETED) {
                    return report(context, report, false);
                }
                var exported = report.details() instanceof JobDetails.AuditExport a ? a
                        : new JobDetails.AuditExport(0, 0, 0, Optional.empty());
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("execution", report.execution());
                view.put("file", out.toAbsolutePath().toString());
                view.put("format", format);
                view.put("records", exported.records());
                view.put("first_seq", exported.firstSeq());
                view.put("last_seq", exported.lastSeq());
                view.put("sha256", exported.sha256().orElse(null));
                context.output().message("Exported the audit trail; verify it offline with: bazaar audit verify --file "
                        + out);
                context.output().record(view);
                return ExitCode.OK;
            }
        }
    }

    /** The request of a seller file job, once its seller, file and mode are known. */
    @FunctionalInterface
    interface SellerRequest {
        JobRequest of(SellerCode seller, InputFile.Identified input, Mode mode);
    }

    /** Starts (or restarts, or finds complete) the job instance for this seller, file and options. */
    static int launch(CliContext context, String seller, Path file, String mode,
                      java.util.function.Consumer<SellerCode> authorise, SellerRequest request) {
        var how = Mode.parse(mode);
        // the real path, once (a user's own symbolic link is fine); from now on the job reads that path without
        // following links, and only the bytes whose checksum identifies it
        var input = InputFile.identify(file);
        context.services();
        var sellerCode = SellerCode.of(seller);
        authorise.accept(sellerCode);
        return run(context, request.of(sellerCode, input, how), "this job is already running or was interrupted:"
                + " see 'bazaar job list', then 'bazaar job restart ID' if its process is gone");
    }

    /** Runs a file job's request and reports it; {@code interrupted}: what to say when it is marked running. */
    /** A --partitions value: 1 to {@value com.bazaar.batch.partition.Partitions#MAX} (exit 2 otherwise). */
    static int partitions(int n) {
        if (n < 1 || n > com.bazaar.batch.partition.Partitions.MAX) {
            throw new CommandFailure(ExitCode.USAGE, "--partitions must be 1 to "
                    + com.bazaar.batch.partition.Partitions.MAX + " (got " + n + ")");
        }
        return n;
    }

    static int run(CliContext context, JobRequest request, String interrupted) {
        try (var runtime = context.batchRuntime()) {
            var launched = runtime.jobs().start(context.actor(), request);
            if (launched instanceof Launch.AlreadyComplete done) {
                return report(context, done.report(), true);
            }
            return report(context, ran(launched, interrupted), false);
        }
    }

    /**
     * The report of a job that ran; a refusal (exit 6) when it runs elsewhere or is marked running ({@code interrupted}
     * says what to do then). A completed instance is the caller's to handle first.
     */
    static JobReport ran(Launch launched, String interrupted) {
        return ran(launched, "this job is running in another process: see 'bazaar job list'", interrupted);
    }

    static JobReport ran(Launch launched, String elsewhere, String interrupted) {
        if (launched instanceof Launch.Ran ran) {
            return ran.report();
        }
        if (launched instanceof Launch.RunningElsewhere) {
            throw new CommandFailure(ExitCode.CONFLICT, elsewhere);
        }
        if (launched instanceof Launch.AlreadyRunning) {
            throw new CommandFailure(ExitCode.CONFLICT, interrupted);
        }
        throw new IllegalStateException("a completed job instance is reported by the caller: " + launched);
    }

    /** Prints a job execution's outcome and returns the exit code it means. */
    static int report(CliContext context, JobReport execution, boolean earlier) {
        return report(context, execution, earlier, List.of());
    }

    /**
     * Prints a job execution's card (with its {@code steps} in JSON when given) and returns the exit code it means.
     * The card holds the fields of its kind of job only (docs/cli-json/job-status.schema.json); in a table, changes and
     * warnings follow it one per line in their own blocks.
     */
    static int report(CliContext context, JobReport execution, boolean earlier, List<Map<String, Object>> steps) {
        var output = context.output();
        var params = execution.parameters();
        Map<String, Object> view = card(execution);
        if (!steps.isEmpty() && output.json()) {
            view.put("steps", steps);
        }
        if (earlier) {
            output.message("This file was already " + (execution.status() == JobStatus.REJECTED ? "rejected"
                    : "processed") + " with these options (job execution " + execution.execution()
                    + "); nothing was done again.");
        }
        var imported = execution.details() instanceof JobDetails.Import i ? Optional.of(i) : Optional.<JobDetails.Import>empty();
        var refunds = execution.details() instanceof JobDetails.Refunds r ? Optional.of(r) : Optional.<JobDetails.Refunds>empty();
        view.put("next_step", nextStep(execution).orElse(null));
        if (output.table()) {
            view.remove("changes");
            view.remove("warnings");
            output.record(view);
            output.block("changes", imported.map(JobDetails.Import::changes).orElse(List.of()));
            output.block("warnings", imported.map(JobDetails.Import::warnings).orElse(List.of()));
        } else {
            output.record(view);
        }
        if (execution.rejection().isPresent()) {
            return rejected(context, execution, execution.rejection().get());
        }
        if (execution.status() == JobStatus.COMPLETED) {
            long rejectedRows = imported.map(JobDetails.Import::rejected)
                    .or(() -> refunds.map(JobDetails.Refunds::rejected)).orElse(0L);
            if (rejectedRows > 0) {
                Output.diagnostic(context.err(), "note", rejectedRows + " row(s) rejected and left out; "
                        + params.errorReport().map(r -> "they are in the error report " + r)
                        .orElse("run the file again with --error-report R to get them") + ", to fix and upload again");
            }
            return ExitCode.OK;
        }
        var problem = execution.problem();
        if (problem.orElse(null) instanceof JobReport.Refused refused) {
            // a refusal this report does not record as a rejection (an older execution's)
            Output.error(context.err(), refused.exception().getMessage());
            return com.bazaar.cli.Bazaar.exitCodeOf(refused.exception());
        }
        if (execution.status().isRunning()) {
            // only 'job status' sees one: the jobs this process runs have ended when they are reported
            Output.diagnostic(context.err(), "note", "job " + execution.execution() + " is " + execution.status()
                    + ": it is running in another process, or the process that ran it is gone (killed, or it lost"
                    + " the database); 'bazaar job restart " + execution.execution() + "' continues it if nothing runs"
                    + " it and refuses (exit 6) while something does");
            return ExitCode.OK;
        }
        if (execution.status() == JobStatus.STOPPED) {
            Output.error(context.err(), "job " + execution.execution() + " was stopped on request (bazaar job stop)"
                    + " after its last committed chunk; 'bazaar job restart " + execution.execution() + "' continues it");
            return ExitCode.FAILURE;
        }
        Output.error(context.err(), "job " + execution.execution() + " ended " + execution.status() + ": "
                + execution.failure().orElse("") + " (fix the cause, then 'bazaar job restart " + execution.execution()
                + "')");
        return ExitCode.FAILURE;
    }

    private static boolean isImport(JobReport execution) {
        return execution.details() instanceof JobDetails.Import
                || execution.job().equals(com.bazaar.batch.catalog.CatalogImportJobConfiguration.JOB)
                || execution.job().equals(com.bazaar.batch.inventory.InventorySyncJobConfiguration.JOB);
    }

    /** A job execution's card: what every job has, then its parameters and counts by kind of job. */
    static Map<String, Object> card(JobReport execution) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("execution", execution.execution());
        view.put("instance", execution.instance());
        view.put("job", execution.job());
        view.put("status", execution.status().name());
        view.put("exit", execution.exitCode());
        var params = execution.parameters();
        params.seller().ifPresent(s -> view.put("seller", s));
        params.mode().ifPresent(m -> view.put("mode", m));
        params.onError().ifPresent(e -> view.put("on_error", e));
        params.file().ifPresent(f -> view.put("file", f));
        view.put("started", execution.started().orElse(null));
        view.put("duration_ms", execution.duration().map(java.time.Duration::toMillis).orElse(null));
        view.put("rows", execution.rows());
        if (isImport(execution)) {
            var imported = execution.details() instanceof JobDetails.Import i ? Optional.of(i)
                    : Optional.<JobDetails.Import>empty();
            imported.flatMap(JobDetails.Import::format).ifPresent(f -> {
                view.put("format", f.format());
                view.put("skipped_rows", f.skippedRows());
                view.put("generated_skus", f.generatedSkus());
            });
            view.put("created", imported.map(JobDetails.Import::created).orElse(null));
            view.put("updated", imported.map(JobDetails.Import::updated).orElse(null));
            view.put("unchanged", imported.map(JobDetails.Import::unchanged).orElse(null));
            view.put("rejected", imported.map(JobDetails.Import::rejected).orElse(null));
            view.put("applied", imported.map(JobDetails.Import::applied).orElse(null));
            view.put("error_report", params.errorReport().orElse(null));
            view.put("changes", imported.map(JobDetails.Import::changes).orElse(List.of()));
            view.put("warnings", imported.map(JobDetails.Import::warnings).orElse(List.of()));
        } else if (execution.details() instanceof JobDetails.Refunds
                || execution.job().equals(com.bazaar.batch.refunds.RefundsJobConfiguration.JOB)) {
            var refunds = execution.details() instanceof JobDetails.Refunds r ? Optional.of(r)
                    : Optional.<JobDetails.Refunds>empty();
            view.put("refunds_would_refund", refunds.map(JobDetails.Refunds::wouldRefund).orElse(null));
            view.put("refunds_succeeded", refunds.map(JobDetails.Refunds::succeeded).orElse(null));
            view.put("refunds_pending", refunds.map(JobDetails.Refunds::pending).orElse(null));
            view.put("refunds_failed", refunds.map(JobDetails.Refunds::failed).orElse(null));
            view.put("refunds_replayed", refunds.map(JobDetails.Refunds::replayed).orElse(null));
            view.put("refunds_settled_pending", refunds.map(JobDetails.Refunds::settledPending).orElse(null));
            view.put("rejected", refunds.map(JobDetails.Refunds::rejected).orElse(null));
            view.put("error_report", params.errorReport().orElse(null));
        } else if (execution.details() instanceof JobDetails.AuditExport a) {
            view.put("records", a.records());
            view.put("first_seq", a.firstSeq());
            view.put("last_seq", a.lastSeq());
            view.put("sha256", a.sha256().orElse(null));
        }
        return view;
    }

    /**
     * What to do next with this execution, for its case (the card's {@code next_step}; empty when nothing is to be
     * done): a restart with its exact id when it can continue; the file fixed and run again when the file was refused
     * (a restart would get the same answer); the database checked first when it was lost; the rejected rows fixed.
     */
    static Optional<String> nextStep(JobReport execution) {
        long id = execution.execution();
        String restart = "'bazaar job restart " + id + "'";
        var params = execution.parameters();
        if (execution.rejection().isPresent()) {
            return Optional.of(execution.rejection().get().forItsInput()
                    ? params.errorReport().map(r -> "fix the rows listed in the error report " + r
                            + " (or the file), then run the fixed file again: a fixed file is a new job")
                    .orElse("fix the file as the reason says and run it again (--error-report R lists each rejected row"
                            + " and why); a fixed file is a new job, a restart would give the same answer")
                    : "once the cause above is gone, run the same command again (or " + restart + ")");
        }
        long rejectedRows = execution.details() instanceof JobDetails.Import i ? i.rejected()
                : execution.details() instanceof JobDetails.Refunds r ? r.rejected() : 0;
        if (execution.status() == JobStatus.COMPLETED) {
            return rejectedRows == 0 ? Optional.empty() : Optional.of(params.errorReport()
                    .map(r -> "fix the " + rejectedRows + " rejected row(s) in " + r + " and run them as a new file")
                    .orElse("run the file again with --error-report R to get the " + rejectedRows
                            + " rejected row(s) and why"));
        }
        if (execution.refusal().isPresent()) {
            int code = com.bazaar.cli.Bazaar.exitCodeOf(execution.refusal().get());
            return Optional.of(code == ExitCode.DENIED
                    ? "run it as a user whose role allows it (docs/rbac.md), then " + restart
                    : "once the refusal above is resolved, " + restart + " continues it");
        }
        if (execution.status().isRunning()) {
            return Optional.of("if 'bazaar job list' shows it running in a live process, wait or 'bazaar job stop " + id
                    + "'; if its process is gone, " + restart + " continues it from its last committed chunk");
        }
        if (execution.status() == JobStatus.STOPPED) {
            return Optional.of(restart + " continues it from its last committed chunk");
        }
        if (execution.status() == JobStatus.ABANDONED) {
            return Optional.of("an abandoned execution does not restart: run the command again for a new one");
        }
        String failure = execution.failure().orElse("").toLowerCase(java.util.Locale.ROOT);
        if (failure.contains("connection") || failure.contains("i/o error") || failure.contains("connect to")) {
            return Optional.of("the database was unreachable: check 'bazaar health' (runbooks/alert-health-down.md), then "
                    + restart + " continues it from its last committed chunk");
        }
        return Optional.of("fix the cause above, then " + restart + " continues it from its last committed chunk");
    }

    /**
     * A rejected run (ADR 0013): the reason and what to do, never 'job restart' for a file refused for its content
     * (the same file gets the same answer). Exit 4, or the domain's code when it refused (6: the file changed since the
     * job started).
     */
    static int rejected(CliContext context, JobReport execution, JobReport.Rejection rejection) {
        Output.error(context.err(), rejection.reason());
        if (rejection.forItsInput()) {
            Output.diagnostic(context.err(), "note", "job " + execution.execution() + " rejected the file and changed"
                    + " nothing: fix the file and run it again (a fixed file is a new job)");
        } else {
            Output.diagnostic(context.err(), "note", "job " + execution.execution() + " was refused and changed"
                    + " nothing; once the cause is gone, the same command again (or 'bazaar job restart "
                    + execution.execution() + "') continues it");
        }
        return execution.refusal().map(com.bazaar.cli.Bazaar::exitCodeOf).orElse(ExitCode.REJECTED);
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List job executions, newest first, a page at a time (docs/paging.md).")
    static final class ListJobs implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--status", paramLabel = "STATUS",
                description = "Only executions in this status: COMPLETED, FAILED, REJECTED, STARTED, STOPPED, ...")
        com.bazaar.batch.jobs.JobStatus status;

        @Option(names = "--seller", paramLabel = "CODE", description = "Only executions for this seller.")
        String seller;

        @Option(names = "--since", paramLabel = "WHEN", description = "Only executions started at or after WHEN: "
                + Since.HELP + ".")
        String since;

        @Mixin
        PageOptions.WithAll paging;

        ListJobs(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var filter = new com.bazaar.batch.jobs.Jobs.ListFilter(java.util.Optional.ofNullable(status),
                    java.util.Optional.ofNullable(seller),
                    java.util.Optional.ofNullable(since).map(value -> Since.parse(context.clock(), value)));
            try (var runtime = context.batchRuntime()) {
                paging.print(context, List.of("execution", "job", "seller", "mode", "status", "exit", "started"),
                        page -> runtime.jobs().list(context.actor(), filter, page), execution -> {
                            Map<String, Object> row = new LinkedHashMap<>();
                            row.put("execution", execution.execution());
                            row.put("job", execution.job());
                            row.put("seller", execution.seller().orElse(null));
                            row.put("mode", execution.parameters().mode().orElse(null));
                            row.put("status", execution.status().name());
                            row.put("exit", execution.exitCode());
                            row.put("started", execution.started().orElse(null));
                            return row;
                        });
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
            try (var runtime = context.batchRuntime()) {
                var execution = runtime.jobs().status(context.actor(), id);
                List<Map<String, Object>> steps = execution.steps().stream().map(s -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("step", s.step());
                    row.put("status", s.status().name());
                    row.put("read", s.read());
                    row.put("written", s.written());
                    row.put("skipped", s.skipped());
                    row.put("commits", s.commits());
                    row.put("duration_ms", s.duration().map(java.time.Duration::toMillis).orElse(null));
                    return row;
                }).toList();
                if (!context.output().json()) {
                    context.output().list(steps, List.of("step", "status", "read", "written", "skipped", "commits",
                            "duration_ms"));
                    context.out().println();
                }
                report(context, execution, false, steps);
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
            try (var runtime = context.batchRuntime()) {
                if (runtime.jobs().stop(context.actor(), id) instanceof StopOutcome.NotRunning notRunning) {
                    throw new CommandFailure(ExitCode.REJECTED, "job execution " + id + " is not running (it is "
                            + notRunning.status() + ")");
                }
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
            try (var runtime = context.batchRuntime()) {
                var restart = runtime.jobs().restart(context.actor(), id, repair -> context.output().message(
                        repair instanceof RestartOutcome.RecoveredFromCrash recovered
                                ? "Job execution " + id + " was left running by a process that is gone; marked it "
                                        + recovered.status() + "."
                                : "Job execution " + id + " ended UNKNOWN (its database connection was lost during a"
                                        + " rollback); every chunk commits with its progress, so it was marked FAILED"
                                        + " and resumes after its last committed chunk."));
                if (restart instanceof RestartOutcome.RunningElsewhere) {
                    throw new CommandFailure(ExitCode.CONFLICT, "job execution " + id + " is still running in another"
                            + " process; stop it with 'bazaar job stop " + id + "' first");
                }
                if (restart instanceof RestartOutcome.Rejected rejected) {
                    throw new CommandFailure(ExitCode.REJECTED, "job execution " + id + " rejected its file: "
                            + rejected.report().rejection().map(JobReport.Rejection::reason).orElse("")
                            + "; a restart would read the same file and give the same answer: fix the file and run"
                            + " it again");
                }
                if (restart instanceof RestartOutcome.AlreadyCompleted) {
                    throw new CommandFailure(ExitCode.REJECTED, "job execution " + id + " completed; there is nothing"
                            + " to restart");
                }
                var restarted = ((RestartOutcome.Restarted) restart).report();
                context.output().message("Restarted as job execution " + restarted.execution() + ".");
                return report(context, restarted, false);
            }
        }
    }
}
