package com.bazaar.domain.audit.application;

import com.bazaar.domain.support.Guard;

import com.bazaar.domain.audit.AuditAnchor;
import com.bazaar.domain.audit.AuditAnchoring;
import com.bazaar.domain.audit.AuditAnchors;
import com.bazaar.domain.audit.AuditChain;
import com.bazaar.domain.audit.AuditKey;
import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.audit.ChainWalk;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.shared.Transactions;

import java.util.List;
import java.util.Optional;

/**
 * Walks the audit trail and checks every link of every stripe (ADR 0015): each record's previous hash equal to the
 * hash of the previous record of its stripe, each hash equal to the hash of the record's content, each MAC under the
 * installation's audit key (so a rewrite by someone holding only database access shows), each checkpoint naming every
 * stripe's head as it was, each stripe's head equal to its last record, and every anchor of the anchors file against
 * the record it names (so a removed tail shows). Reports the first broken record. The key is required: without it
 * nothing could be authenticated.
 */
public final class VerifyAuditChain {

    public sealed interface Verdict permits Intact, Broken, BadAnchor {
    }

    /**
     * Every check passed: {@code records} records up to {@code headHash}, their MACs checked with the key
     * {@code keyId} from record {@code keyedFrom} on, and {@code anchorsChecked} anchors of {@code anchors} matched
     * (the latest naming record {@code latestAnchor}).
     */
    public record Intact(long records, String headHash, String keyId, long keyedFrom, String anchors,
                         long anchorsChecked, Optional<AuditAnchor> latestAnchor) implements Verdict {
    }

    /** The first record that does not check out (0 when the head disagrees with an empty trail). */
    public record Broken(long seq, String problem) implements Verdict {
    }

    /** A line of the anchors file that cannot be trusted; the records were checked up to where it was met. */
    public record BadAnchor(String anchors, long line, String problem) implements Verdict {
    }

    private final Transactions transactions;
    private final Guard guard;
    private final AuditTrail audit;
    private final AuditAnchoring anchoring;

    public VerifyAuditChain(Transactions transactions, Guard guard, AuditTrail audit, AuditAnchoring anchoring) {
        this.transactions = transactions;
        this.guard = guard;
        this.audit = audit;
        this.anchoring = anchoring;
    }

    /** Verifies with the installation's key and this host's anchors file (if it has one yet). */
    public Verdict verify(Actor actor) {
        return verify(actor, anchoring);
    }

    /** Verifies with the given key and anchors file (e.g. an auditor's own copies). */
    public Verdict verify(Actor actor, AuditAnchoring with) {
        guard.require(actor, Action.AUDIT_VERIFY, "audit");
        AuditKey key = with.keys().key();
        AuditAnchors anchors = with.anchors();
        // the anchors first, then the heads: every anchor read was written before the heads were read, so none can
        // name a record beyond them; appends made while we walk lie beyond their stripe's head and are skipped
        try (AuditAnchors.Lines lines = anchors.read()) {
            return transactions.inTransaction(() -> {
                List<AuditChain.Head> heads = audit.heads();
                long last = heads.stream().mapToLong(AuditChain.Head::seq).max().orElse(0);
                ChainWalk walk = ChainWalk.toHeads(Optional.of(key), Optional.of(anchors), Optional.of(lines), heads);
                audit.forEach(last, walk);
                walk.finishAtHeads(heads);
                return verdictOf(walk, anchors);
            });
        }
    }

    private static Verdict verdictOf(ChainWalk walk, AuditAnchors anchors) {
        if (walk.problem() != null) {
            return new Broken(walk.problem().seq(), walk.problem().text());
        }
        if (walk.badAnchor() != null) {
            return new BadAnchor(walk.badAnchor().location(), walk.badAnchor().line(), walk.badAnchor().text());
        }
        AuditKey key = walk.key().orElseThrow();
        return new Intact(walk.count(), walk.lastHash(), key.id(), key.keyedFrom(), anchors.location(),
                walk.anchorsChecked(), walk.latestAnchor());
    }
}
