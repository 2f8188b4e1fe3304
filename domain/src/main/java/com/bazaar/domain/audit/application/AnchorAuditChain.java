package com.bazaar.domain.audit.application;

import com.bazaar.domain.support.Guard;

import com.bazaar.domain.audit.AuditAnchor;
import com.bazaar.domain.audit.AuditAnchoring;
import com.bazaar.domain.audit.AuditAnchors;
import com.bazaar.domain.audit.AuditChain;
import com.bazaar.domain.audit.AuditKey;
import com.bazaar.domain.audit.AuditRecord;
import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;
import java.util.Optional;

/**
 * {@code bazaar audit anchor} (and the anchoring of {@code bazaar serve}): appends the chain head - record number,
 * hash, time, who - sealed with the audit key, to the anchors file outside the database. Before it writes, it checks
 * what one look can: the head record matches its hash and MAC, and the record of the previous anchor still carries the
 * anchored hash; it never anchors a trail that went back (that is the removal anchors exist to catch). An unchanged
 * head is not anchored again. Not audited when it succeeds: it changes no data, and a record of it would move the
 * head it just anchored (a refusal by the access matrix is audited, as every refusal).
 */
public final class AnchorAuditChain {

    public sealed interface Outcome permits Anchored, Unchanged, Refused {
    }

    /** The head was anchored: this line was appended to {@code anchors}. */
    public record Anchored(AuditAnchor anchor, String anchors) implements Outcome {
    }

    /** The head has not moved since the last anchor, which still holds. */
    public record Unchanged(AuditAnchor last, String anchors) implements Outcome {
    }

    /** Not anchored: what is wrong, in one sentence (tampering or a file that cannot be trusted). */
    public record Refused(String reason) implements Outcome {
    }

    private final Transactions transactions;
    private final Guard guard;
    private final AuditTrail audit;
    private final AuditAnchoring anchoring;
    private final Clock clock;

    public AnchorAuditChain(Transactions transactions, Guard guard, AuditTrail audit, AuditAnchoring anchoring,
                            Clock clock) {
        this.transactions = transactions;
        this.guard = guard;
        this.audit = audit;
        this.anchoring = anchoring;
        this.clock = clock;
    }

    /** Anchors the head in this host's anchors file. */
    public Outcome anchor(Actor actor) {
        return anchor(actor, anchoring.anchors());
    }

    /** Anchors the head in the given anchors file. */
    public Outcome anchor(Actor actor, AuditAnchors anchors) {
        guard.require(actor, Action.AUDIT_ANCHOR, "audit");
        AuditKey key = anchoring.keys().key();
        return anchors.locked(() -> {
            Optional<AuditAnchor> last = Optional.empty();
            Optional<AuditAnchors.Line> line = anchors.last();
            if (line.isPresent()) {
                try {
                    AuditAnchor previous = AuditAnchor.parse(line.get().text().strip());
                    Optional<String> problem = previous.problemUnder(key);
                    if (problem.isPresent()) {
                        return refused(anchors, line.get(), problem.get());
                    }
                    last = Optional.of(previous);
                } catch (IllegalArgumentException e) {
                    return refused(anchors, line.get(), "it is not an anchor: " + e.getMessage());
                }
            }
            Optional<AuditAnchor> lastAnchor = last;
            return transactions.inTransaction(() -> headAgainst(actor, key, anchors, lastAnchor));
        });
    }

    private Outcome headAgainst(Actor actor, AuditKey key, AuditAnchors anchors, Optional<AuditAnchor> last) {
        AuditTrail.ChainHead head = audit.head();
        if (head.seq() > 0) {
            Optional<AuditRecord> record = audit.record(head.seq());
            if (record.isEmpty() || !record.get().hash().equals(head.hash())) {
                return new Refused("the chain head names record " + head.seq() + " with hash "
                        + AuditChain.abbreviate(head.hash()) + ", but the trail does not hold it: not anchoring a"
                        + " damaged trail; run 'bazaar audit verify'");
            }
            Optional<String> problem = AuditChain.problemWith(record.get(), Optional.of(key));
            if (problem.isPresent()) {
                return new Refused(problem.get() + ": not anchoring it; run 'bazaar audit verify'");
            }
        }
        if (last.isPresent()) {
            AuditAnchor previous = last.get();
            if (head.seq() < previous.seq()) {
                return new Refused("the trail ends at record " + head.seq() + ", but record " + previous.seq()
                        + " was anchored at " + previous.at() + " in " + anchors.location() + ": records were removed;"
                        + " not anchoring the shorter trail");
            }
            Optional<String> anchoredHash = previous.seq() == 0 ? Optional.of(AuditChain.GENESIS)
                    : audit.record(previous.seq()).map(AuditRecord::hash);
            if (!anchoredHash.map(previous.hash()::equals).orElse(false)) {
                return new Refused("record " + previous.seq() + " is no longer the record anchored at "
                        + previous.at() + " in " + anchors.location() + ": it was rewritten; not anchoring");
            }
            if (head.seq() == previous.seq()) {
                return new Unchanged(previous, anchors.location());
            }
        }
        AuditAnchor anchor = AuditAnchor.sign(key, head.seq(), head.hash(), clock.instant(), actor.name());
        anchors.append(anchor);
        return new Anchored(anchor, anchors.location());
    }

    private static Refused refused(AuditAnchors anchors, AuditAnchors.Line line, String problem) {
        return new Refused("the last line (" + line.number() + ") of " + anchors.location() + " cannot be trusted: "
                + problem + "; not anchoring");
    }
}
