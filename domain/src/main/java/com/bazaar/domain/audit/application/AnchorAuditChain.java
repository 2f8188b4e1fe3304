package com.bazaar.domain.audit.application;

import com.bazaar.domain.support.Guard;

import com.bazaar.domain.audit.AuditAnchor;
import com.bazaar.domain.audit.AuditAnchoring;
import com.bazaar.domain.audit.AuditAnchors;
import com.bazaar.domain.audit.AuditChain;
import com.bazaar.domain.audit.AuditEntry;
import com.bazaar.domain.audit.AuditKey;
import com.bazaar.domain.audit.AuditRecord;
import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * {@code bazaar audit anchor} (and the anchoring of {@code bazaar serve}): first appends a checkpoint record (stripe
 * 1, {@link AuditChain#CHECKPOINT}) naming every chain stripe's head, taken with all heads locked, then appends that
 * record - number, hash, time, who - sealed with the audit key, to the anchors file outside the database: so one anchor
 * covers every stripe (ADR 0015). Before it writes, it checks what one look can: the checkpoint record matches its hash
 * and MAC, and the record of the previous anchor still carries the anchored hash; it never anchors a trail that went
 * back (that is the removal anchors exist to catch). When no stripe moved since the latest checkpoint, no checkpoint is
 * appended, and an anchored one is not anchored again. The checkpoint record is the audit of a successful anchoring; a
 * refusal by the access matrix is audited, as every refusal.
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
            // a trail that lost or changed what was anchored gets no checkpoint over its damage
            Optional<Refused> damaged = transactions.inTransaction(() -> lastAnchor.flatMap(a -> stillThere(a, anchors)));
            if (damaged.isPresent()) {
                return damaged.get();
            }
            AuditTrail.ChainHead checkpoint = transactions.inTransaction(() -> checkpoint(actor));
            return transactions.inTransaction(() -> headAgainst(actor, key, anchors, lastAnchor, checkpoint));
        });
    }

    /** The latest checkpoint when no stripe moved since it, else a new one: the record the anchor will name. */
    private AuditTrail.ChainHead checkpoint(Actor actor) {
        List<AuditChain.Head> heads = audit.lockHeadsForCheckpoint();
        Optional<AuditRecord> latest = audit.latestCheckpoint();
        if (latest.isPresent() && heads.stream().allMatch(h -> h.stripe() == latest.get().stripe()
                ? h.seq() == latest.get().seq() : h.seq() < latest.get().seq())) {
            return new AuditTrail.ChainHead(latest.get().seq(), latest.get().hash());
        }
        AuditRecord appended = audit.append(AuditEntry.change(clock.instant(), actor.withReason("checkpoint of every"
                + " audit chain stripe's head, to be anchored outside the database"), AuditChain.CHECKPOINT, "audit",
                null, AuditChain.checkpointOf(heads)));
        return new AuditTrail.ChainHead(appended.seq(), appended.hash());
    }

    private Outcome headAgainst(Actor actor, AuditKey key, AuditAnchors anchors, Optional<AuditAnchor> last,
                                AuditTrail.ChainHead head) {
        if (head.seq() > 0) {
            Optional<AuditRecord> record = audit.record(head.seq());
            if (record.isEmpty() || !record.get().hash().equals(head.hash())) {
                return new Refused("the checkpoint names record " + head.seq() + " with hash "
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
            Optional<Refused> gone = stillThere(previous, anchors);
            if (gone.isPresent()) {
                return gone.get();
            }
            if (head.seq() == previous.seq()) {
                return new Unchanged(previous, anchors.location());
            }
        }
        AuditAnchor anchor = AuditAnchor.sign(key, head.seq(), head.hash(), clock.instant(), actor.name());
        anchors.append(anchor);
        return new Anchored(anchor, anchors.location());
    }

    /** Refused when the record the previous anchor names is no longer in the trail with the anchored hash. */
    private Optional<Refused> stillThere(AuditAnchor previous, AuditAnchors anchors) {
        if (previous.seq() == 0) {
            return previous.hash().equals(AuditChain.GENESIS) ? Optional.empty() : Optional.of(new Refused("the"
                    + " anchor of the empty trail at " + previous.at() + " in " + anchors.location() + " names a hash"
                    + " that is not the genesis hash; not anchoring"));
        }
        Optional<AuditRecord> record = audit.record(previous.seq());
        if (record.isEmpty()) {
            return Optional.of(new Refused("record " + previous.seq() + ", anchored at " + previous.at() + " in "
                    + anchors.location() + ", is not in the trail: records were removed; not anchoring the shorter"
                    + " trail"));
        }
        if (!record.get().hash().equals(previous.hash())) {
            return Optional.of(new Refused("record " + previous.seq() + " is no longer the record anchored at "
                    + previous.at() + " in " + anchors.location() + ": it was rewritten; not anchoring"));
        }
        return Optional.empty();
    }

    private static Refused refused(AuditAnchors anchors, AuditAnchors.Line line, String problem) {
        return new Refused("the last line (" + line.number() + ") of " + anchors.location() + " cannot be trusted: "
                + problem + "; not anchoring");
    }
}
