package com.bazaar.cli.commands;

import com.bazaar.cli.report.ReconciliationHtml;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import com.bazaar.cli.output.Output;
import com.bazaar.domain.reconciliation.application.ReconciliationReport;
import com.bazaar.domain.reconciliation.Category;
import com.bazaar.domain.reconciliation.ReconItem;
import com.bazaar.domain.reconciliation.Reconciliations;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.MoneyTotal;
import com.bazaar.domain.shared.DomainException;
import com.bazaar.domain.shared.ValidationException;
import com.bazaar.batch.jobs.JobReport;
import com.bazaar.batch.jobs.JobStatus;
import com.bazaar.batch.jobs.Launch;
import com.bazaar.reconciliation.run.ReconciliationRequest;
import com.bazaar.reconciliation.settlement.SettlementFormats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "recon", mixinStandardHelpOptions = true,
        description = "Reconcile provider settlement reports against Bazaar's payments and refunds (finance).",
        subcommands = {ReconCommand.Run.class, ReconCommand.ListRuns.class, ReconCommand.Report.class,
                ReconCommand.Problems.class,
                ReconCommand.Resolve.class, ReconCommand.Approve.class})
final class ReconCommand extends Group {

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Reconcile a settlement file (a Spring Batch job; the same file is one run: running it again"
                    + " does nothing).", "Formats: docs/formats/settlement.md. Exit 0 when the run completed (see the"
                    + " report for discrepancies); 4 when no line of the file could be read as the provider's report"
                    + " (the run is rejected, nothing is kept); 6 when a payout was already reconciled (use"
                    + " --supersede)."})
    static final class Run implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--provider", required = true, paramLabel = "generic|stripe|adyen", description = "The format.")
        String provider;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The settlement report.")
        Path file;

        @Option(names = "--payout-date", paramLabel = "YYYY-MM-DD",
                description = "The day the file is reconciled as of (default: its last booking date).")
        String payoutDate;

        @Option(names = "--partitions", paramLabel = "N", defaultValue = "1",
                description = "Classify the lines in N partitions (2-64) that 'bazaar worker --batch' processes share"
                        + " with this process (requests over Kafka). Default: 1, this process alone.")
        int partitions;

        @Option(names = "--supersede", description = "Replace earlier runs that reconciled a payout of this file.")
        boolean supersede;

        Run(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws Exception {
            SettlementFormats.named(provider);
            LocalDate asOf = null;
            if (payoutDate != null) {
                try {
                    asOf = LocalDate.parse(payoutDate);
                } catch (java.time.format.DateTimeParseException e) {
                    throw new ValidationException("DATE_INVALID", "payout-date", "--payout-date must be YYYY-MM-DD (got '"
                            + payoutDate + "')");
                }
            }
            var input = com.bazaar.batch.input.InputFile.identify(file);
            var services = context.services();
            services.runReconciliation().authorise(context.actor());
            var request = new ReconciliationRequest(provider, input, supersede, Optional.ofNullable(asOf),
                    context.config().graceDays(), JobCommand.partitions(partitions),
                    context.config().stripeReference());
            try (var runtime = context.batchRuntime()) {
                var launched = runtime.jobs().start(context.actor(), request);
                JobReport execution = launched instanceof Launch.AlreadyComplete done ? done.report()
                        : JobCommand.ran(launched, "this reconciliation is running in another process: see 'bazaar"
                        + " job list'", "this file is being reconciled right now, or the run was interrupted: see"
                        + " 'bazaar job list', then 'bazaar job restart ID'");
                if (execution.status() != JobStatus.COMPLETED) {
                    return failed(execution);
                }
                long runId = execution.instance();
                if (launched instanceof Launch.AlreadyComplete) {
                    context.output().message("This file was already reconciled (run " + runId + "); nothing was done"
                            + " again.");
                }
                var report = services.reconciliationReport().report(context.actor(), runId,
                        ReconciliationReport.ItemFilter.first(1));
                print(context, report, false);
                return ExitCode.OK;
            }
        }

        private int failed(JobReport execution) {
            if (execution.rejection().isPresent()) {
                return JobCommand.rejected(context, execution, execution.rejection().get());
            }
            if (execution.refusal().isPresent()) {
                DomainException domain = execution.refusal().get();
                Output.error(context.err(), domain.getMessage());
                return com.bazaar.cli.Bazaar.exitCodeOf(domain);
            }
            Output.error(context.err(), "reconciliation job " + execution.execution() + " ended " + execution.status()
                    + ": " + execution.exitDescription().lines().findFirst().orElse("")
                    + " (fix the cause, then 'bazaar job restart " + execution.execution() + "')");
            return ExitCode.FAILURE;
        }
    }

    /**
     * A run's report. Amounts are in major units of their currency (decimal strings in JSON: "12.99", "1200" JPY),
     * signed by their effect on the balance at the provider (Reconciliations.Summary): payments add; refunds,
     * chargebacks, fees and payouts subtract.
     */
    static void print(CliContext context, ReconciliationReport.Report report, boolean withItems) {
        var output = context.output();
        List<Map<String, Object>> summary = report.summary().stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("category", s.category().name());
            m.put("discrepancy", s.category().discrepancy());
            m.put("currency", s.currency().value());
            m.put("count", s.count());
            m.put("expected", s.expected().decimal());
            m.put("actual", s.actual().decimal());
            m.put("fees", s.fees().decimal());
            return m;
        }).toList();
        List<Map<String, Object>> balances = report.balances().stream().map(b -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("currency", b.currency().value());
            m.put("settled", b.settled().decimal());
            m.put("paid_out", b.paidOut().decimal());
            m.put("left", b.left().decimal());
            return m;
        }).toList();
        List<Map<String, Object>> waterfalls = report.waterfalls().stream().map(w -> {
            CurrencyCode currency = CurrencyCode.of(w.currency());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("payout", w.payoutId());
            m.put("currency", currency.value());
            m.put("gross", major(w.gross(), currency));
            m.put("fees", major(w.fees(), currency));
            m.put("refunds", major(w.refunds(), currency));
            m.put("chargebacks", major(w.chargebacks(), currency));
            m.put("adjustments", major(w.adjustments(), currency));
            m.put("expected", major(w.expected(), currency));
            m.put("paid_out", w.payout().map(p -> major(p, currency)).orElse(null));
            m.put("adds_up", w.addsUp());
            return m;
        }).toList();
        List<Map<String, Object>> items = report.items().stream().map(ReconCommand::item).toList();
        if (output.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("run", report.runId());
            json.put("unreadable_lines", report.problems());
            json.put("summary", summary);
            json.put("balances", balances);
            json.put("waterfalls", waterfalls);
            if (withItems) {
                json.put("items", items);
            }
            output.record(json);
            return;
        }
        output.message("Reconciliation run " + report.runId() + (report.problems() > 0 ? " (" + report.problems()
                + " line(s) of the file could not be read: 'bazaar recon problems " + report.runId() + "')" : "")
                + ":");
        output.list(summary, List.of("category", "currency", "count", "expected", "actual", "fees"));
        output.message("");
        output.message("Per currency (signed: money in adds, refunds, chargebacks, fees and payouts subtract;"
                + " left = settled - paid out = actual + fees of the rows above):");
        output.list(balances, List.of("currency", "settled", "paid_out", "left"));
        output.message("");
        output.message("Payout waterfalls (gross - fees - refunds - chargebacks + adjustments = paid out):");
        output.list(waterfalls, List.of("payout", "currency", "gross", "fees", "refunds", "chargebacks", "adjustments",
                "expected", "paid_out", "adds_up"));
        if (withItems) {
            output.message("");
            output.list(items, ITEM_COLUMNS);
        }
    }

    /** A sum of minor units in major units of its currency: "12.99", "1200" (JPY), "-0.500" (KWD). */
    private static String major(BigInteger minor, CurrencyCode currency) {
        return new MoneyTotal(minor, currency).decimal();
    }

    static final List<String> ITEM_COLUMNS = List.of("item", "line", "payment", "category", "status", "difference",
            "candidate");

    static Map<String, Object> item(ReconItem i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("item", i.id());
        m.put("line", i.line());
        m.put("payment", i.payment());
        m.put("category", i.category().name());
        m.put("status", i.status().name());
        m.put("currency", i.currency());
        m.put("difference", i.difference());
        m.put("candidate", i.candidate());
        m.put("resolution", i.resolution());
        m.put("resolved_by", i.resolvedBy());
        m.put("approved_by", i.approvedBy());
        return m;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List reconciliation runs, newest first: provider, file, status, when, items and open"
                    + " discrepancies (OPEN or AWAITING_APPROVAL); a page at a time (docs/paging.md).",
                    "Exit 0; 4 for a --limit outside 1-" + com.bazaar.domain.shared.PageRequest.MAX_LIMIT
                            + " or an --after that is not this list's cursor."})
    static final class ListRuns implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--status", paramLabel = "STAGED|CLASSIFIED|SUPERSEDED", description = "Only runs in this status.")
        Reconciliations.RunStatus status;

        @Mixin
        PageOptions.WithAll paging;

        ListRuns(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var runs = context.services().listReconciliationRuns();
            paging.print(context, List.of("run", "provider", "file", "status", "created", "items", "open_discrepancies"),
                    page -> runs.list(context.actor(), Optional.ofNullable(status), page), r -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("run", r.runId());
                m.put("provider", r.provider());
                m.put("file", r.fileName());
                m.put("status", r.status().name());
                m.put("created", r.createdAt());
                m.put("items", r.items());
                m.put("open_discrepancies", r.openDiscrepancies());
                return m;
            });
            return ExitCode.OK;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = {"Show a run: summary per category and currency, what it settled and paid out per currency,"
                    + " payout waterfalls, and its items. Amounts in major units of their currency, signed by their"
                    + " effect on the balance (a refund subtracts).",
                    "--output csv prints the items only, as CSV for a spreadsheet.",
                    "--output html writes one self-contained page to print or mail (--out FILE, or stdout): the run's"
                            + " header, a waterfall chart per payout, the discrepancies per category with their items,"
                            + " the lines that could not be read. With --from D --to D instead of RUN: the"
                            + " discrepancies per day of the runs begun on those days."})
    static final class Report implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "The run id (printed by 'recon run').")
        Long run;

        @Option(names = "--category", paramLabel = "CATEGORY", description = "Only items of this category.")
        Category category;

        @Option(names = "--status", paramLabel = "OPEN|AWAITING_APPROVAL|RESOLVED|NONE",
                description = "Only items in this status (NONE: not a discrepancy). Combines with --category.")
        ReconItem.Status status;

        @Option(names = "--limit", defaultValue = "1000", paramLabel = "N", description = "At most N items (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--from", paramLabel = "YYYY-MM-DD",
                description = "With --output html and --to, instead of RUN: the first day (UTC) of a trend.")
        java.time.LocalDate from;

        @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "The last day (UTC) of the trend, included.")
        java.time.LocalDate to;

        @Option(names = "--out", paramLabel = "FILE",
                description = "With --output html: write the page to FILE (replaced atomically, readable by its owner"
                        + " only) instead of stdout.")
        java.nio.file.Path out;

        Report(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws java.io.IOException {
            var output = context.output();
            boolean range = from != null || to != null;
            if (range && (from == null || to == null || run != null || !output.html())) {
                throw new CommandFailure(ExitCode.USAGE, "--from and --to go together, without RUN, with --output html:"
                        + " e.g. bazaar recon report --from 2026-11-01 --to 2026-11-30 --output html --out trend.html");
            }
            if (!range && run == null) {
                throw new CommandFailure(ExitCode.USAGE, "a run id is needed (bazaar recon list shows them), or --from"
                        + " and --to with --output html");
            }
            if (out != null && !output.html()) {
                throw new CommandFailure(ExitCode.USAGE, "--out goes with --output html (other formats print to stdout)");
            }
            var filter = new ReconciliationReport.ItemFilter(Optional.ofNullable(category), Optional.ofNullable(status),
                    Math.max(1, Math.min(limit, 1_000_000)));
            if (output.html()) {
                String by = context.actor().name();
                String page = range
                        ? ReconciliationHtml.trend(context.services().reconciliationReport().trend(context.actor(),
                                from, to), context.clock().instant(), by)
                        : ReconciliationHtml.run(context.services().reconciliationReport().detailed(context.actor(),
                                run, filter, 1000), context.clock().instant(), by);
                if (out == null) {
                    output.page(page);
                } else {
                    com.bazaar.cli.metrics.MetricsFile.replace(out, page);
                    Output.diagnostic(context.err(), "note", "wrote " + out + " (" + page.length() + " characters)");
                }
                return ExitCode.OK;
            }
            var report = context.services().reconciliationReport().report(context.actor(), run, filter);
            if (output.csv()) {
                output.list(report.items().stream().map(ReconCommand::item).toList(), ITEM_COLUMNS);
                return ExitCode.OK;
            }
            print(context, report, true);
            return ExitCode.OK;
        }

    }

    /** The most characters of a line's text in the table (csv and json carry it whole). */
    static final int RAW_IN_TABLE = 120;

    @Command(name = "problems", mixinStandardHelpOptions = true,
            description = {"The lines of a run's file that could not be read: line number, reason, the line's text.",
                    "The table cuts the text to " + RAW_IN_TABLE + " characters; --output csv (the lines) and json"
                            + " ({run, unreadable_lines, lines: [{line, reason, raw}]}) carry it whole.",
                    "Exit 0; 5 when there is no such run."})
    static final class Problems implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "RUN", description = "The run id (printed by 'recon run').")
        long run;

        @Option(names = "--limit", defaultValue = "1000", paramLabel = "N", description = "At most N lines (default"
                + " 1000).")
        int limit;

        Problems(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var problems = context.services().showSettlementProblems().show(context.actor(), run, limit);
            var output = context.output();
            boolean table = !output.json() && !output.csv();
            List<Map<String, Object>> rows = problems.lines().stream().map(p -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("line", p.line());
                m.put("reason", p.reason());
                m.put("raw", table ? cut(p.raw()) : p.raw());
                return m;
            }).toList();
            if (output.json()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("run", problems.runId());
                json.put("unreadable_lines", problems.total());
                json.put("lines", rows);
                output.record(json);
                return ExitCode.OK;
            }
            output.message("Reconciliation run " + problems.runId() + ": " + problems.total()
                    + " line(s) of the file could not be read" + (problems.total() > rows.size() ? " (the first "
                    + rows.size() + " shown: --limit N)" : "") + ":");
            output.list(rows, List.of("line", "reason", "raw"));
            return ExitCode.OK;
        }

        /** At most {@link #RAW_IN_TABLE} characters, never half a character. */
        static String cut(String raw) {
            if (raw.length() <= RAW_IN_TABLE) {
                return raw;
            }
            int end = Character.isHighSurrogate(raw.charAt(RAW_IN_TABLE - 1)) ? RAW_IN_TABLE - 1 : RAW_IN_TABLE;
            return raw.substring(0, end) + "...";
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = {"Resolve a discrepancy: accepted, adjusted or written-off, with a reason (finance).",
                    "A write-off above recon.write-off-approval-minor waits for a second finance user ('recon approve')."})
    static final class Resolve implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "ITEM", description = "The item id (see 'recon report').")
        long item;

        @Option(names = "--resolution", required = true, paramLabel = "accepted|adjusted|written-off",
                description = "How it is resolved.")
        String resolution;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why.")
        String reason;

        Resolve(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            ReconItem.Resolution how;
            try {
                how = ReconItem.Resolution.valueOf(resolution.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new ValidationException("RESOLUTION_INVALID", "resolution",
                        "--resolution must be accepted, adjusted or written-off (got '" + resolution + "')");
            }
            var after = context.services().resolveDiscrepancy().resolve(context.actor(), item, how, reason);
            context.output().message(after.status() == ReconItem.Status.AWAITING_APPROVAL
                    ? "Written off; the amount is above the approval threshold, so it awaits a second finance user."
                    : "Resolved item " + item + ".");
            context.output().record(item(after));
            return ExitCode.OK;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approve a write-off awaiting approval (a finance user other than the one who wrote it off).")
    static final class Approve implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "ITEM", description = "The item id.")
        long item;

        Approve(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var after = context.services().resolveDiscrepancy().approve(context.actor(), item);
            context.output().message("Approved the write-off of item " + item + ".");
            context.output().record(item(after));
            return ExitCode.OK;
        }
    }
}
