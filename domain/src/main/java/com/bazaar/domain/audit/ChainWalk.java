package com.bazaar.domain.audit;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Checks records one by one in sequence order, in bounded memory, and remembers the first problem. The trail is a few
 * chains ("stripes", ADR 0015) interleaved in sequence order: each record must link to the previous record of its
 * stripe (the stripe's genesis for its first), rising sequence numbers, each hash equal to the record's content, each
 * MAC (when a key is given and covers the record), each checkpoint record naming every stripe's head exactly as the
 * walk found it at that point, and each anchor (when anchors are given) naming a record that is there with that hash.
 * Anchors are read alongside the records, so they must come in the order they were written (rising record numbers).
 */
public final class ChainWalk implements Consumer<AuditRecord> {

    /** A record that does not check out: the first one found. */
    public record Problem(long seq, String text) {
    }

    /** A line of the anchors file that cannot be trusted (malformed, forged, another key, out of order). */
    public record BadAnchor(String location, long line, String text) {
    }

    /** Where a stripe has got to: its last record walked (seq -1 when an export's first record gave only the hash). */
    private record Tip(long seq, String hash) {
    }

    private final Optional<AuditKey> key;
    private final AnchorCursor anchors;
    private final boolean export;
    private final Tip[] tips = new Tip[AuditChain.MAX_STRIPES + 1];
    private final long[] limits;
    private boolean first = true;
    private long firstSeq;
    private long seq;
    private String hash = AuditChain.GENESIS;
    private long count;
    private Problem problem;

    private ChainWalk(Optional<AuditKey> key, AnchorCursor anchors, boolean export, long[] limits) {
        this.key = key;
        this.anchors = anchors;
        this.export = export;
        this.limits = limits;
    }

    /** A walk from each stripe's first record (which links to its genesis), as over the whole trail in the database. */
    public static ChainWalk fromStart(Optional<AuditKey> key, Optional<AuditAnchors> anchors,
                                      Optional<AuditAnchors.Lines> lines) {
        return new ChainWalk(key, AnchorCursor.of(key, anchors, lines, false), false, null);
    }

    /**
     * A walk of the database's trail up to the heads read before it ({@link #finishAtHeads} with the same heads): a
     * record beyond its stripe's head was appended after the heads were read, and is skipped.
     */
    public static ChainWalk toHeads(Optional<AuditKey> key, Optional<AuditAnchors> anchors,
                                    Optional<AuditAnchors.Lines> lines, List<AuditChain.Head> heads) {
        long[] limits = new long[AuditChain.MAX_STRIPES + 1];
        java.util.Arrays.fill(limits, Long.MAX_VALUE);
        for (AuditChain.Head h : heads) {
            limits[h.stripe()] = h.seq();
        }
        return new ChainWalk(key, AnchorCursor.of(key, anchors, lines, false), false, limits);
    }

    /**
     * A walk over an export that may start anywhere in the trail: the first record of each stripe in it has its
     * previous hash taken as given; every later link, hash, MAC, checkpoint and anchor is checked.
     */
    public static ChainWalk forExport(Optional<AuditKey> key, Optional<AuditAnchors> anchors,
                                      Optional<AuditAnchors.Lines> lines) {
        return new ChainWalk(key, AnchorCursor.of(key, anchors, lines, true), true, null);
    }

    @Override
    public void accept(AuditRecord r) {
        if (failed()) {
            return;
        }
        int stripe = r.stripe();
        if (stripe < 1 || stripe > AuditChain.MAX_STRIPES) {
            problem = new Problem(r.seq(), "record " + r.seq() + " names stripe " + stripe + ", not one of 1 to "
                    + AuditChain.MAX_STRIPES);
            return;
        }
        if (limits != null && r.seq() > limits[stripe]) {
            return; // appended after the heads were read
        }
        count++;
        boolean firstRecord = first;
        first = false;
        if (firstRecord) {
            firstSeq = r.seq();
        } else if (r.seq() <= seq) {
            problem = new Problem(r.seq(), "record " + r.seq() + " comes after record " + seq + ": the records are"
                    + " out of order, or one was copied");
            return;
        }
        Tip tip = tips[stripe];
        if (tip == null) {
            tip = export ? new Tip(-1, r.previousHash()) : new Tip(0, AuditChain.genesis(stripe));
        }
        if (!r.previousHash().equals(tip.hash())) {
            problem = new Problem(r.seq(), tip.seq() == 0
                    ? "record " + r.seq() + " is not the first record of stripe " + stripe + " (previous hash "
                    + AuditChain.abbreviate(r.previousHash()) + ", the stripe starts from "
                    + AuditChain.abbreviate(tip.hash()) + "): records before it were removed"
                    : "record " + r.seq() + " does not link to record " + tip.seq() + ", the previous record of stripe "
                    + stripe + " (previous hash " + AuditChain.abbreviate(r.previousHash()) + ", expected "
                    + AuditChain.abbreviate(tip.hash()) + "): records between them were removed, or one was altered");
            return;
        }
        Optional<String> wrong = AuditChain.problemWith(r, key);
        if (wrong.isPresent()) {
            problem = new Problem(r.seq(), wrong.get());
            return;
        }
        if (AuditChain.CHECKPOINT.equals(r.action())) {
            problem = checkpoint(r, tip).orElse(null);
            if (problem != null) {
                return;
            }
        }
        tips[stripe] = new Tip(r.seq(), r.hash());
        seq = r.seq();
        hash = r.hash();
        problem = anchors.pass(r, firstRecord).orElse(null);
    }

    /** A checkpoint must name every stripe's head as the walk found it just before the checkpoint record. */
    private Optional<Problem> checkpoint(AuditRecord r, Tip ownBefore) {
        Optional<List<AuditChain.Head>> named = AuditChain.headsOf(r);
        if (named.isEmpty()) {
            return Optional.of(new Problem(r.seq(), "checkpoint record " + r.seq() + " does not name the stripes'"
                    + " heads in the checkpoint's format"));
        }
        boolean[] listed = new boolean[AuditChain.MAX_STRIPES + 1];
        for (AuditChain.Head h : named.get()) {
            if (listed[h.stripe()]) {
                return Optional.of(new Problem(r.seq(), "checkpoint record " + r.seq() + " names stripe "
                        + h.stripe() + " twice"));
            }
            listed[h.stripe()] = true;
            Tip now = h.stripe() == r.stripe() ? ownBefore : tips[h.stripe()];
            if (now == null) {
                if (export) {
                    continue; // the stripe has no record in the export before the checkpoint
                }
                now = new Tip(0, AuditChain.genesis(h.stripe()));
            }
            boolean same = now.hash().equals(h.hash()) && (now.seq() < 0 || now.seq() == h.seq());
            if (!same) {
                return Optional.of(new Problem(r.seq(), "checkpoint record " + r.seq() + " says stripe " + h.stripe()
                        + " ended at record " + h.seq() + " (hash " + AuditChain.abbreviate(h.hash())
                        + "), but the trail has " + (now.seq() == 0 ? "no record of that stripe" : "record "
                        + now.seq() + " (hash " + AuditChain.abbreviate(now.hash()) + ")") + " there: records of"
                        + " stripe " + h.stripe() + " were removed, added or altered"));
            }
        }
        for (int s = 1; s <= AuditChain.MAX_STRIPES; s++) {
            if (tips[s] != null && !listed[s]) {
                return Optional.of(new Problem(r.seq(), "checkpoint record " + r.seq() + " does not name stripe " + s
                        + ", which holds records up to " + tips[s].seq() + ": that stripe was added after it"));
            }
        }
        return Optional.empty();
    }

    /**
     * Ends a walk over the database's trail, whose heads said {@code heads} (read before the walk): each head must
     * name its stripe's last record, no records may lie in a stripe without a head, and the trail must reach the
     * key's first record and every anchor's record.
     */
    public void finishAtHeads(List<AuditChain.Head> heads) {
        if (failed()) {
            return;
        }
        boolean[] known = new boolean[AuditChain.MAX_STRIPES + 1];
        for (AuditChain.Head h : heads) {
            known[h.stripe()] = true;
            Tip tip = tips[h.stripe()] == null ? new Tip(0, AuditChain.genesis(h.stripe())) : tips[h.stripe()];
            if (tip.seq() != h.seq() || !tip.hash().equals(h.hash())) {
                problem = new Problem(tip.seq() + 1, "the head of stripe " + h.stripe() + " says record " + h.seq()
                        + " with hash " + AuditChain.abbreviate(h.hash()) + " is its last, but the stripe ends at "
                        + (tip.seq() == 0 ? "its start" : "record " + tip.seq()) + " (records were removed or the head"
                        + " was altered)");
                return;
            }
        }
        for (int s = 1; s <= AuditChain.MAX_STRIPES; s++) {
            if (tips[s] != null && !known[s]) {
                problem = new Problem(tips[s].seq(), "records of stripe " + s + " (up to record " + tips[s].seq()
                        + ") have no chain head: they were added behind the application's back");
                return;
            }
        }
        if (key.isPresent() && key.get().keyedFrom() - 1 > seq) {
            problem = new Problem(seq + 1, "the trail ends at record " + seq + ", but the audit key (id "
                    + key.get().id() + ") was made when it already held " + (key.get().keyedFrom() - 1)
                    + " records: records were removed");
            return;
        }
        problem = anchors.beyond(seq).orElse(null);
    }

    /** Ends a walk over an export: anchors beyond its last record are outside it and not checked. */
    public void finishExport() {
        if (!failed()) {
            anchors.skipRest();
        }
    }

    private boolean failed() {
        return problem != null || anchors.bad() != null;
    }

    /** The first broken record, or null. */
    public Problem problem() {
        return problem;
    }

    /** The first untrustworthy anchor line, or null (then no record beyond it was checked against anchors). */
    public BadAnchor badAnchor() {
        return anchors.bad();
    }

    /** Records walked. */
    public long count() {
        return count;
    }

    public long lastSeq() {
        return seq;
    }

    public String lastHash() {
        return hash;
    }

    /** The key the MACs were checked with, if any. */
    public Optional<AuditKey> key() {
        return key;
    }

    /** Anchors that named a walked record (or the one before the first) and matched. */
    public long anchorsChecked() {
        return anchors.checked;
    }

    /** Anchors that named records outside an export. */
    public long anchorsOutside() {
        return anchors.outside;
    }

    /** The checked anchor with the highest record number: everything up to it is authenticated by the anchors. */
    public Optional<AuditAnchor> latestAnchor() {
        return Optional.ofNullable(anchors.latest);
    }

    /**
     * The last record whose content is authenticated, not just consistent: every record up to the last one sealed by a
     * checked MAC (each earlier record is bound to it by the links), or up to the latest matching anchor. Empty when
     * nothing was authenticated (no key, no anchor: anyone could have recomputed the plain hashes).
     */
    public java.util.OptionalLong authenticatedThrough() {
        long through = -1;
        if (key.isPresent() && count > 0 && key.get().seals(seq)) {
            through = seq;
        }
        if (anchors.latest != null && anchors.latest.seq() > through && anchors.latest.seq() >= firstSeq) {
            through = anchors.latest.seq();
        }
        return through < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(through);
    }

    /** The anchors file read, if any. */
    public Optional<String> anchorsLocation() {
        return anchors.location;
    }

    /** The anchors, read line by line beside the records. */
    private static final class AnchorCursor {
        private final Optional<AuditKey> key;
        private final Optional<String> location;
        private final AuditAnchors.Lines lines;
        private AuditAnchor pending;
        private long pendingLine;
        private AuditAnchor previous;
        private AuditAnchor latest;
        private BadAnchor bad;
        private long checked;
        private long outside;

        private final boolean export;

        private AnchorCursor(Optional<AuditKey> key, Optional<String> location, AuditAnchors.Lines lines,
                             boolean export) {
            this.key = key;
            this.export = export;
            this.location = location;
            this.lines = lines;
            advance();
        }

        static AnchorCursor of(Optional<AuditKey> key, Optional<AuditAnchors> anchors,
                               Optional<AuditAnchors.Lines> lines, boolean export) {
            AuditAnchors.Lines none = new AuditAnchors.Lines() {
                @Override
                public Optional<AuditAnchors.Line> next() {
                    return Optional.empty();
                }

                @Override
                public void close() {
                }
            };
            return new AnchorCursor(key, anchors.map(AuditAnchors::location), lines.orElse(none), export);
        }

        BadAnchor bad() {
            return bad;
        }

        private void advance() {
            pending = null;
            while (bad == null) {
                Optional<AuditAnchors.Line> next = lines.next();
                if (next.isEmpty()) {
                    return;
                }
                String text = next.get().text().strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                long number = next.get().number();
                AuditAnchor anchor;
                try {
                    anchor = AuditAnchor.parse(text);
                } catch (IllegalArgumentException e) {
                    reject(number, "it is not an anchor: " + e.getMessage());
                    return;
                }
                Optional<String> problem = key.flatMap(anchor::problemUnder);
                if (problem.isPresent()) {
                    reject(number, problem.get());
                    return;
                }
                if (previous != null && anchor.seq() < previous.seq()) {
                    reject(number, "it anchors record " + anchor.seq() + " at " + anchor.at() + ", below record "
                            + previous.seq() + " anchored earlier (" + previous.at() + "): the trail went back between"
                            + " the two, so records were removed, or the file was edited");
                    return;
                }
                previous = anchor;
                pending = anchor;
                pendingLine = number;
                return;
            }
        }

        private void reject(long line, String text) {
            bad = new BadAnchor(location.orElse("anchors"), line, "line " + line + " of " + location.orElse("anchors")
                    + " cannot be trusted: " + text);
        }

        /**
         * Checks the anchors that name this (valid) record, or a record before it: an anchor of the empty trail, or
         * (in an export) of a record before the export's first, is checked where it can be and otherwise left
         * outside; any other anchored record that the walk passed without meeting was removed.
         */
        Optional<Problem> pass(AuditRecord r, boolean firstRecord) {
            while (pending != null && pending.seq() <= r.seq()) {
                if (pending.seq() == r.seq()) {
                    if (!pending.hash().equals(r.hash())) {
                        return Optional.of(new Problem(r.seq(), "record " + r.seq() + " is not the record anchored on"
                                + " line " + pendingLine + " of " + location.orElse("anchors") + " at " + pending.at()
                                + " (hash " + AuditChain.abbreviate(pending.hash()) + ", now "
                                + AuditChain.abbreviate(r.hash()) + "): it was rewritten after it was anchored"));
                    }
                    count(pending);
                } else if (pending.seq() == 0 && !export) {
                    if (!pending.hash().equals(AuditChain.GENESIS)) {
                        return Optional.of(new Problem(r.seq(), "line " + pendingLine + " of "
                                + location.orElse("anchors") + " anchors the empty trail with a hash that is not the"
                                + " genesis hash"));
                    }
                    count(pending);
                } else if (export && firstRecord) {
                    if (pending.hash().equals(r.previousHash())) {
                        count(pending); // the export starts right after the anchored record, and links to it
                    } else {
                        outside++;
                    }
                } else {
                    return Optional.of(new Problem(pending.seq(), "record " + pending.seq() + ", anchored on line "
                            + pendingLine + " of " + location.orElse("anchors") + " at " + pending.at() + ", is not in"
                            + " the trail: it was removed"));
                }
                advance();
            }
            return Optional.empty();
        }

        private void count(AuditAnchor anchor) {
            checked++;
            if (latest == null || anchor.seq() >= latest.seq()) {
                latest = anchor;
            }
        }

        /** After the whole trail: an anchor beyond its last record means records were removed. */
        Optional<Problem> beyond(long lastSeq) {
            if (pending != null && pending.seq() > lastSeq) {
                return Optional.of(new Problem(lastSeq + 1, "the trail ends at record " + lastSeq + ", but record "
                        + pending.seq() + " was anchored on line " + pendingLine + " of " + location.orElse("anchors")
                        + " at " + pending.at() + ": records " + (lastSeq + 1) + " to " + pending.seq()
                        + " were removed"));
            }
            return Optional.empty();
        }

        void skipRest() {
            while (pending != null && bad == null) {
                outside++;
                advance();
            }
        }
    }
}
