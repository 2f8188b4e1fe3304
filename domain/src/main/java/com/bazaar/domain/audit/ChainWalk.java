package com.bazaar.domain.audit;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Checks records one by one in sequence order, in bounded memory, and remembers the first problem: sequence numbers
 * without gaps, each previous hash equal to its predecessor's hash, each hash equal to the record's content, each MAC
 * (when a key is given and covers the record), and each anchor (when anchors are given) against the record it names.
 * Anchors are read alongside the records, so they must come in the order they were written (rising record numbers).
 */
public final class ChainWalk implements Consumer<AuditRecord> {

    /** A record that does not check out: the first one found. */
    public record Problem(long seq, String text) {
    }

    /** A line of the anchors file that cannot be trusted (malformed, forged, another key, out of order). */
    public record BadAnchor(String location, long line, String text) {
    }

    private final Optional<AuditKey> key;
    private final AnchorCursor anchors;
    private boolean anchorFromFirst;
    private boolean first = true;
    private long seq;
    private String hash = AuditChain.GENESIS;
    private long count;
    private Problem problem;

    private ChainWalk(Optional<AuditKey> key, AnchorCursor anchors, boolean anchorFromFirst) {
        this.key = key;
        this.anchors = anchors;
        this.anchorFromFirst = anchorFromFirst;
    }

    /** A walk from record 1 (which links to GENESIS), as over the whole trail in the database. */
    public static ChainWalk fromStart(Optional<AuditKey> key, Optional<AuditAnchors> anchors,
                                      Optional<AuditAnchors.Lines> lines) {
        return new ChainWalk(key, AnchorCursor.of(key, anchors, lines), false);
    }

    /**
     * A walk over an export that may start anywhere in the chain: its first record's previous hash is taken as given
     * (unless an anchor names the record before it); every later link, hash, MAC and anchor is checked.
     */
    public static ChainWalk forExport(Optional<AuditKey> key, Optional<AuditAnchors> anchors,
                                      Optional<AuditAnchors.Lines> lines) {
        return new ChainWalk(key, AnchorCursor.of(key, anchors, lines), true);
    }

    @Override
    public void accept(AuditRecord r) {
        if (failed()) {
            return;
        }
        count++;
        boolean firstRecord = first;
        first = false;
        if (anchorFromFirst) {
            anchorFromFirst = false;
            seq = r.seq() - 1;
            hash = r.previousHash();
        }
        if (r.seq() != seq + 1) {
            problem = new Problem(seq + 1, "record " + (seq + 1) + " is missing (next present is " + r.seq() + ")");
            return;
        }
        if (!r.previousHash().equals(hash)) {
            problem = new Problem(r.seq(), "record " + r.seq() + " does not link to record " + seq
                    + " (previous hash " + AuditChain.abbreviate(r.previousHash()) + ", expected "
                    + AuditChain.abbreviate(hash) + ")");
            return;
        }
        Optional<String> wrong = AuditChain.problemWith(r, key);
        if (wrong.isPresent()) {
            problem = new Problem(r.seq(), wrong.get());
            return;
        }
        seq = r.seq();
        hash = r.hash();
        problem = anchors.pass(r, firstRecord).orElse(null);
    }

    /**
     * Ends a walk over the database's trail, whose head said {@code headSeq}/{@code headHash}: the head must name
     * the last record, the trail must reach the key's first record and every anchor's record.
     */
    public void finishAtHead(long headSeq, String headHash) {
        if (failed()) {
            return;
        }
        if (headSeq != seq || !headHash.equals(hash)) {
            problem = new Problem(seq + 1, "the chain head says record " + headSeq + " with hash "
                    + AuditChain.abbreviate(headHash) + " is last, but the trail ends at record " + seq
                    + " (records were removed or the head was altered)");
            return;
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
        if (anchors.latest != null && anchors.latest.seq() > through && anchors.latest.seq() >= seq - count + 1) {
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

        private AnchorCursor(Optional<AuditKey> key, Optional<String> location, AuditAnchors.Lines lines) {
            this.key = key;
            this.location = location;
            this.lines = lines;
            advance();
        }

        static AnchorCursor of(Optional<AuditKey> key, Optional<AuditAnchors> anchors,
                               Optional<AuditAnchors.Lines> lines) {
            AuditAnchors.Lines none = new AuditAnchors.Lines() {
                @Override
                public Optional<AuditAnchors.Line> next() {
                    return Optional.empty();
                }

                @Override
                public void close() {
                }
            };
            return new AnchorCursor(key, anchors.map(AuditAnchors::location), lines.orElse(none));
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

        /** Checks the anchors that name this (valid) record, or the one before the walk's first record. */
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
                } else if (firstRecord && pending.seq() == r.seq() - 1) {
                    if (!pending.hash().equals(r.previousHash())) {
                        return Optional.of(new Problem(r.seq(), "record " + r.seq() + " does not link to record "
                                + pending.seq() + " as anchored on line " + pendingLine + " of "
                                + location.orElse("anchors") + " at " + pending.at()));
                    }
                    count(pending);
                } else {
                    outside++;
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
