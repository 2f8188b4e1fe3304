package com.bazaar.cli.metrics;

import com.bazaar.cli.wiring.Services;
import com.bazaar.domain.audit.application.VerifyAuditChain;
import com.bazaar.domain.identity.Actor;
import com.bazaar.postgres.Migrations;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * The four health checks, shared by {@code bazaar health} (one-shot) and {@code bazaar serve} (its
 * {@code /actuator/health} and the bazaar_health_* gauges), so both say the same thing in the same words.
 */
public final class HealthChecks {

    /**
     * One check's result; {@code detail} says what was found, and on failure what to look at. The detail is shown by
     * {@code bazaar health}, {@code /actuator/health} and the serve log: URL credentials in it are masked.
     */
    public record Check(String name, boolean ok, String detail) {
        public Check {
            detail = com.bazaar.domain.shared.UrlCredentials.redact(detail);
        }

        /** False when the check could not look (e.g. no audit key on this host): failed, but nothing was found. */
        public boolean verified() {
            return ok || !detail.startsWith(NOT_VERIFIED);
        }
    }

    static final String NOT_VERIFIED = "not verified: ";

    private HealthChecks() {
    }

    /** The database answers a trivial query. */
    public static Check database(Services services, String description) {
        try {
            services.database().jdbc().sql("SELECT 1").query(Integer.class).single();
            return new Check("database", true, description);
        } catch (RuntimeException e) {
            return new Check("database", false, "unreachable: " + com.bazaar.cli.Bazaar.rootMessage(e));
        }
    }

    /** The schema is the version this bazaar was built for. */
    public static Check migrations(Migrations.SchemaState schema) {
        boolean current = schema == Migrations.SchemaState.CURRENT;
        return new Check("migrations", current, current ? "schema version " + Migrations.LATEST_VERSION
                : "schema is " + schema + " (this bazaar expects version " + Migrations.LATEST_VERSION
                + "; see 'bazaar db status')");
    }

    /** No execution claims to run without progress for longer than {@code stuckAfter}. */
    public static Check jobs(OperationalState state, Instant now, Duration stuckAfter) {
        var stuck = state.stuckJobs(now, stuckAfter);
        return new Check("jobs", stuck.isEmpty(), stuck.isEmpty() ? "no job stuck"
                : stuck.size() + " stuck (no progress for " + stuckAfter.toMinutes() + " min): " + stuck.stream()
                .map(s -> "execution " + s.execution() + " " + s.job() + " " + s.status() + " since "
                        + s.lastProgress())
                .collect(Collectors.joining("; ")) + "; see runbooks/alert-job-stuck.md");
    }

    /**
     * Walks the whole audit chain with the audit key and this host's anchors (needs audit.verify); a host whose key
     * is missing or unsafe fails the check ("not verified") rather than the command.
     */
    public static Check auditChain(Services services, Actor actor) {
        VerifyAuditChain.Verdict verdict;
        try {
            verdict = services.verifyAuditChain().verify(actor);
        } catch (com.bazaar.cli.CommandFailure | com.bazaar.postgres.files.PrivateFileRefused e) {
            return new Check("audit_chain", false, NOT_VERIFIED + e.getMessage());
        }
        if (verdict instanceof VerifyAuditChain.Intact intact) {
            return new Check("audit_chain", true, intact.records() + " records intact, sealed by audit key "
                    + intact.keyId() + intact.latestAnchor().map(a -> ", anchored through record " + a.seq())
                    .orElse(", no anchor yet"));
        }
        if (verdict instanceof VerifyAuditChain.BadAnchor bad) {
            return new Check("audit_chain", false, bad.problem());
        }
        var broken = (VerifyAuditChain.Broken) verdict;
        return new Check("audit_chain", false, "broken at record " + broken.seq() + ": " + broken.problem());
    }
}
