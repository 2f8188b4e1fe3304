package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.ExitCode;
import com.bazaar.cli.audit.AnchorFile;
import com.bazaar.cli.audit.AuditKeyFile;
import com.bazaar.cli.output.Output;
import com.bazaar.domain.audit.application.AnchorAuditChain;
import com.bazaar.domain.audit.application.VerifyAuditChain;
import com.bazaar.domain.audit.AuditAnchor;
import com.bazaar.domain.audit.AuditAnchoring;
import com.bazaar.domain.audit.AuditAnchors;
import com.bazaar.domain.audit.AuditKey;
import com.bazaar.domain.audit.ChainWalk;
import com.bazaar.domain.audit.AuditQuery;
import com.bazaar.domain.shared.ValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "Read, verify and anchor the audit trail.",
        subcommands = {AuditCommand.Log.class, AuditCommand.Verify.class, AuditCommand.Anchor.class})
final class AuditCommand extends Group {

    @Command(name = "log", mixinStandardHelpOptions = true,
            description = {"Show audit records, oldest first: the newest --limit that match; the next page (--after) is"
                    + " the --limit records before them, so pages go back in time (docs/paging.md)."})
    static final class Log implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--since", paramLabel = "WHEN",
                description = "Only records at or after WHEN: 2026-11-25, 2026-11-25T10:00:00Z, or 30m / 2h / 7d ago.")
        String since;

        @Option(names = "--actor", paramLabel = "NAME", description = "Only records by this actor.")
        String actor;

        @Option(names = "--target", paramLabel = "TARGET",
                description = "Only records about this target, e.g. seller:ACME; a trailing * matches a prefix.")
        String target;

        @Mixin
        PageOptions.WithAll paging;

        Log(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var query = new AuditQuery(Optional.ofNullable(since).map(value -> Since.parse(context.clock(), value)),
                    Optional.ofNullable(actor), Optional.ofNullable(target));
            var log = context.services().showAuditLog();
            paging.print(context, Views.AUDIT_COLUMNS, page -> log.show(context.actor(), query, page), Views::audit);
            return ExitCode.OK;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check the audit trail: every hash and link, every MAC under the audit key (so a rewrite by"
                    + " someone with only database access shows), and every anchor of the anchors file (so removed"
                    + " records show).",
                    "With --file, check an export offline instead (no database, no token): with --key-file and/or"
                            + " --anchors it is authenticated; without either only its consistency is checked.",
                    "Exit 0 when intact; 4 naming the first broken record (or the untrusted anchor line); 1 when the"
                            + " audit key is missing or unsafe; 5 when a named file does not exist."})
    static final class Verify implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--file", paramLabel = "FILE",
                description = "Verify an export ('bazaar job run audit-export') offline: no database, no token.")
        java.nio.file.Path file;

        @Option(names = "--key-file", paramLabel = "KEY",
                description = "The audit key to check MACs with (default: audit.key-file; with --file: none).")
        java.nio.file.Path keyFile;

        @Option(names = "--anchors", paramLabel = "FILE",
                description = "Anchors to check against (default: audit.anchors-file if it exists; with --file: none).")
        java.nio.file.Path anchorsFile;

        Verify(CliContext context) {
            this.context = context;
        }

        private Integer verifyFile() {
            Optional<AuditKey> key = Optional.ofNullable(keyFile).map(k -> namedKey(k).key());
            Optional<AuditAnchors> anchors = Optional.ofNullable(anchorsFile).map(a -> new AnchorFile(a, true));
            if (!java.nio.file.Files.exists(file)) {
                throw new com.bazaar.domain.shared.NotFound("FILE_NOT_FOUND", "file " + file + " does not exist");
            }
            ChainWalk walk;
            try (AuditAnchors.Lines lines = anchors.map(AuditAnchors::read).orElse(null)) {
                walk = ChainWalk.forExport(key, anchors, Optional.ofNullable(lines));
                try (var in = java.nio.file.Files.newInputStream(file)) {
                    com.bazaar.batch.audit.AuditExportFormat.read(in, walk);
                } catch (java.io.IOException | RuntimeException e) {
                    if (e instanceof com.bazaar.domain.shared.DomainException d) {
                        throw d;
                    }
                    Output.error(context.err(), file + " is not an audit export: " + e.getMessage());
                    return ExitCode.REJECTED;
                }
                walk.finishExport();
            }
            if (walk.problem() != null) {
                Output.error(context.err(), "export broken at record " + walk.problem().seq() + ": "
                        + walk.problem().text());
                return ExitCode.REJECTED;
            }
            if (walk.badAnchor() != null) {
                Output.error(context.err(), walk.badAnchor().text());
                return ExitCode.REJECTED;
            }
            var through = walk.authenticatedThrough();
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("status", "INTACT");
            view.put("records", walk.count());
            view.put("last_seq", walk.lastSeq());
            view.put("last_hash", walk.lastHash());
            view.put("authenticated", through.isPresent());
            view.put("authenticated_through", through.isPresent() ? through.getAsLong() : null);
            view.put("key_id", key.map(AuditKey::id).orElse(null));
            view.put("anchors_checked", anchors.isPresent() ? walk.anchorsChecked() : null);
            StringBuilder message = new StringBuilder("Export intact: " + walk.count()
                    + " records; every hash and link checks out.");
            key.ifPresent(k -> message.append(" MACs checked with audit key ").append(k.id()).append(" (records ")
                    .append(k.keyedFrom()).append(" on)."));
            anchors.ifPresent(a -> message.append(" ").append(walk.anchorsChecked()).append(" anchor(s) of ")
                    .append(a.location()).append(" matched."));
            if (through.isPresent()) {
                message.append(" Authenticated through record ").append(through.getAsLong()).append(".");
            } else {
                message.append(" NOT authenticated: ").append(key.isEmpty() && anchors.isEmpty()
                        ? "without --key-file or --anchors anyone could have recomputed these hashes."
                        : "no MAC or anchor covers these records.");
            }
            message.append(" Compare the first record of each stripe with that stripe's last record in the export before it.");
            context.output().message(message.toString());
            context.output().record(view);
            return ExitCode.OK;
        }

        /** A key file named on the command line: it must exist (exit 5), and is read with the usual checks. */
        private static AuditKeyFile namedKey(java.nio.file.Path path) {
            if (!java.nio.file.Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new com.bazaar.domain.shared.NotFound("KEY_FILE_NOT_FOUND", "the audit key file " + path
                        + " does not exist");
            }
            return new AuditKeyFile(path);
        }

        @Override
        public Integer call() {
            if (file != null) {
                return verifyFile();
            }
            var services = context.services();
            AuditAnchoring anchoring = context.anchoring();
            if (keyFile != null || anchorsFile != null) {
                anchoring = new AuditAnchoring(keyFile != null ? namedKey(keyFile) : anchoring.keys(),
                        anchorsFile != null ? new AnchorFile(anchorsFile, true) : anchoring.anchors());
            }
            var verdict = services.verifyAuditChain().verify(context.actor(), anchoring);
            context.auditChainValid(verdict instanceof VerifyAuditChain.Intact);
            var output = context.output();
            Map<String, Object> view = new LinkedHashMap<>();
            if (verdict instanceof VerifyAuditChain.Intact intact) {
                view.put("status", "INTACT");
                view.put("records", intact.records());
                view.put("head_hash", intact.headHash());
                view.put("key_id", intact.keyId());
                view.put("keyed_from", intact.keyedFrom());
                view.put("anchors_file", intact.anchors());
                view.put("anchors_checked", intact.anchorsChecked());
                view.put("anchored_through", intact.latestAnchor().map(AuditAnchor::seq).orElse(null));
                view.put("anchored_at", intact.latestAnchor().map(AuditAnchor::at).orElse(null));
                output.message("Audit chain intact: " + intact.records() + " records; MACs checked with audit key "
                        + intact.keyId() + " (records " + intact.keyedFrom() + " on); " + intact.latestAnchor()
                        .map(a -> intact.anchorsChecked() + " anchor(s) matched, the latest naming record " + a.seq()
                                + " at " + a.at() + ".")
                        .orElse("no anchor checked (none in " + intact.anchors() + "): records removed from the end"
                                + " would not show; anchor the head with 'bazaar audit anchor' or 'bazaar serve'."));
                output.record(view);
                return ExitCode.OK;
            }
            if (verdict instanceof VerifyAuditChain.BadAnchor bad) {
                view.put("status", "UNTRUSTED_ANCHOR");
                view.put("anchors_file", bad.anchors());
                view.put("line", bad.line());
                view.put("problem", bad.problem());
                if (output.json()) {
                    output.record(view);
                }
                Output.error(context.err(), bad.problem());
                return ExitCode.REJECTED;
            }
            var broken = (VerifyAuditChain.Broken) verdict;
            view.put("status", "BROKEN");
            view.put("first_broken_record", broken.seq());
            view.put("problem", broken.problem());
            if (output.json()) {
                output.record(view);
            }
            Output.error(context.err(), "audit chain broken at record " + broken.seq() + ": " + broken.problem());
            return ExitCode.REJECTED;
        }
    }

    @Command(name = "anchor", mixinStandardHelpOptions = true,
            description = {"Anchor the audit chain outside the database: append its head (record, hash, time, who),"
                    + " signed with the audit key, to the anchors file.",
                    "'bazaar audit verify' then detects records removed or rewritten after the anchor, even by someone"
                            + " with full database access. 'bazaar serve' anchors on its own (--anchor-every).",
                    "Needs audit.anchor (admin, sre, auditor). Exit 0 when anchored (or the head has not moved since"
                            + " the last anchor); 4 when the trail does not check out against the last anchor."})
    static final class Anchor implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--anchors", paramLabel = "FILE",
                description = "The anchors file to append to (default: audit.anchors-file, $BAZAAR_HOME/audit.anchors).")
        java.nio.file.Path anchorsFile;

        Anchor(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var services = context.services();
            AuditAnchors anchors = anchorsFile != null ? new AnchorFile(anchorsFile, false) : context.anchoring().anchors();
            var outcome = services.anchorAuditChain().anchor(context.actor(), anchors);
            if (outcome instanceof AnchorAuditChain.Refused refused) {
                Output.error(context.err(), refused.reason());
                return ExitCode.REJECTED;
            }
            boolean anchored = outcome instanceof AnchorAuditChain.Anchored;
            AuditAnchor anchor = outcome instanceof AnchorAuditChain.Anchored a ? a.anchor()
                    : ((AnchorAuditChain.Unchanged) outcome).last();
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("status", anchored ? "ANCHORED" : "UNCHANGED");
            view.put("seq", anchor.seq());
            view.put("hash", anchor.hash());
            view.put("at", anchor.at());
            view.put("anchors_file", anchors.location());
            context.output().message(anchored
                    ? "Anchored record " + anchor.seq() + " in " + anchors.location() + "."
                    : "The head has not moved since record " + anchor.seq() + " was anchored at " + anchor.at()
                    + ", and that anchor still holds: nothing to add.");
            context.output().record(view);
            return ExitCode.OK;
        }
    }
}
