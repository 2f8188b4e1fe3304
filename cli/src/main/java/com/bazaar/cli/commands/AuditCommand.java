package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.ExitCode;
import com.bazaar.domain.application.VerifyAuditChain;
import com.bazaar.domain.audit.AuditQuery;
import com.bazaar.domain.shared.ValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "Read and verify the audit trail.",
        subcommands = {AuditCommand.Log.class, AuditCommand.Verify.class})
final class AuditCommand extends Group {

    @Command(name = "log", mixinStandardHelpOptions = true,
            description = "Show audit records, oldest first (the newest --limit that match).")
    static final class Log implements Callable<Integer> {
        private static final Pattern RELATIVE = Pattern.compile("(\\d+)([smhd])");
        private final CliContext context;

        @Option(names = "--since", paramLabel = "WHEN",
                description = "Only records at or after WHEN: 2026-11-25, 2026-11-25T10:00:00Z, or 30m / 2h / 7d ago.")
        String since;

        @Option(names = "--actor", paramLabel = "NAME", description = "Only records by this actor.")
        String actor;

        @Option(names = "--target", paramLabel = "TARGET",
                description = "Only records about this target, e.g. seller:ACME; a trailing * matches a prefix.")
        String target;

        @Option(names = "--limit", defaultValue = "50", paramLabel = "N",
                description = "At most N records (default: ${DEFAULT-VALUE}).")
        int limit;

        Log(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var query = new AuditQuery(Optional.ofNullable(since).map(this::parseSince), Optional.ofNullable(actor),
                    Optional.ofNullable(target), limit);
            var records = context.services().showAuditLog().show(context.actor(), query);
            context.output().list(records.stream().map(Views::audit).toList(), Views.AUDIT_COLUMNS);
            return ExitCode.OK;
        }

        private Instant parseSince(String value) {
            Matcher m = RELATIVE.matcher(value.strip());
            if (m.matches()) {
                try {
                    // ASCII digits, at most 100 years back: never an overflow
                    return context.clock().instant().minus(com.bazaar.cli.config.BazaarConfig.duration(value));
                } catch (DateTimeParseException tooLong) {
                    throw new ValidationException("SINCE_INVALID", "since", "--since is at most 100 years back (got '"
                            + com.bazaar.domain.shared.Numbers.abbreviated(value.strip()) + "')");
                }
            }
            try {
                return Instant.parse(value.strip());
            } catch (DateTimeParseException notInstant) {
                try {
                    return LocalDate.parse(value.strip()).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw new ValidationException("SINCE_INVALID", "since", "--since must be a date (2026-11-25), "
                            + "an instant (2026-11-25T10:00:00Z) or an age such as 30m, 2h, 7d (got '" + value + "')");
                }
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check the hash chain of the whole audit trail.",
                    "Exit 0 when intact; exit 4 naming the first broken record when anything was altered or removed."})
    static final class Verify implements Callable<Integer> {
        private final CliContext context;

        @picocli.CommandLine.Option(names = "--file", paramLabel = "FILE",
                description = "Verify an export ('bazaar job run audit-export') offline: no database, no token.")
        java.nio.file.Path file;

        Verify(CliContext context) {
            this.context = context;
        }

        private Integer verifyFile() {
            var walker = VerifyAuditChain.Walker.forExport();
            try (var in = java.nio.file.Files.newInputStream(file)) {
                com.bazaar.batch.audit.AuditExportFormat.read(in, walker);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new com.bazaar.domain.shared.NotFound("FILE_NOT_FOUND", "file " + file + " does not exist");
            } catch (java.io.IOException | RuntimeException e) {
                if (e instanceof com.bazaar.domain.shared.DomainException d) {
                    throw d;
                }
                context.err().println("error: " + file + " is not an audit export: " + e.getMessage());
                return ExitCode.REJECTED;
            }
            Map<String, Object> view = new LinkedHashMap<>();
            if (walker.broken() == null) {
                view.put("status", "INTACT");
                view.put("records", walker.count());
                view.put("last_seq", walker.lastSeq());
                view.put("last_hash", walker.lastHash());
                context.output().message("Export intact: " + walker.count() + " records; every hash and link checks out."
                        + " Compare its first record's prev_hash with the last hash of the export before it.");
                context.output().record(view);
                return ExitCode.OK;
            }
            context.err().println("error: export broken at record " + walker.broken().seq() + ": "
                    + walker.broken().problem());
            return ExitCode.REJECTED;
        }

        @Override
        public Integer call() {
            if (file != null) {
                return verifyFile();
            }
            var verdict = context.services().verifyAuditChain().verify(context.actor());
            context.auditChainValid(verdict instanceof VerifyAuditChain.Intact);
            var output = context.output();
            Map<String, Object> view = new LinkedHashMap<>();
            if (verdict instanceof VerifyAuditChain.Intact intact) {
                view.put("status", "INTACT");
                view.put("records", intact.records());
                view.put("head_hash", intact.headHash());
                output.message("Audit chain intact: " + intact.records() + " records.");
                output.record(view);
                return ExitCode.OK;
            }
            var broken = (VerifyAuditChain.Broken) verdict;
            view.put("status", "BROKEN");
            view.put("first_broken_record", broken.seq());
            view.put("problem", broken.problem());
            if (output.json()) {
                output.record(view);
            }
            context.err().println("error: audit chain broken at record " + broken.seq() + ": " + broken.problem());
            return ExitCode.REJECTED;
        }
    }
}
