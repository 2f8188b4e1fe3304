package com.bazaar.domain.audit;

import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.shared.CorrelationId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trail as several interleaved chains (ADR 0015): what a walk in sequence order proves, and which tampering a
 * checkpoint record, the heads and an anchor catch.
 */
class AuditStripesProperties {

    static final AuditKey KEY = AuditChainProperties.KEY;
    static final Instant AT = Instant.parse("2026-12-04T22:00:00Z");

    /** A trail: its records in sequence order, and its heads when it was written. */
    record Trail(List<AuditRecord> records, List<AuditChain.Head> heads, int checkpointIndex) {
    }

    /** For each record, the stripe it is appended to (1..4); a checkpoint record is appended after {@code at} of them. */
    @Provide
    Arbitrary<List<Integer>> stripes() {
        return Arbitraries.integers().between(1, 4).list().ofMinSize(3).ofMaxSize(40);
    }

    static AuditEntry entry(int i, String action, java.util.Map<String, Object> after) {
        return AuditEntry.change(AT.plusSeconds(i), Actor.system("worker-" + i, new CorrelationId("c-" + i)), action,
                "order:" + i, null, after);
    }

    /**
     * Appends one record per stripe number as the database does: linked to its stripe's head, numbered from a
     * sequence with a gap after every third record (a rolled-back append), and a checkpoint (stripe 1, naming the four
     * heads) after the first {@code checkpointAfter} records.
     */
    static Trail write(List<Integer> stripes, int checkpointAfter) {
        int n = 4;
        long[] headSeq = new long[n + 1];
        String[] headHash = new String[n + 1];
        for (int s = 1; s <= n; s++) {
            headHash[s] = AuditChain.genesis(s);
        }
        List<AuditRecord> records = new ArrayList<>();
        long seq = 0;
        int checkpointIndex = -1;
        for (int i = 0; i <= stripes.size(); i++) {
            if (i == checkpointAfter) {
                List<AuditChain.Head> heads = new ArrayList<>();
                for (int s = 1; s <= n; s++) {
                    heads.add(new AuditChain.Head(s, headSeq[s], headHash[s]));
                }
                seq++;
                AuditRecord cp = AuditChain.link(entry(i, AuditChain.CHECKPOINT, AuditChain.checkpointOf(heads)), seq,
                        1, headHash[1], KEY);
                checkpointIndex = records.size();
                records.add(cp);
                headSeq[1] = cp.seq();
                headHash[1] = cp.hash();
            }
            if (i == stripes.size()) {
                break;
            }
            int s = stripes.get(i);
            seq += i % 3 == 2 ? 2 : 1;
            AuditRecord r = AuditChain.link(entry(i, "order.placed", null), seq, s, headHash[s], KEY);
            records.add(r);
            headSeq[s] = r.seq();
            headHash[s] = r.hash();
        }
        List<AuditChain.Head> heads = new ArrayList<>();
        for (int s = 1; s <= n; s++) {
            heads.add(new AuditChain.Head(s, headSeq[s], headHash[s]));
        }
        return new Trail(records, heads, checkpointIndex);
    }

    static ChainWalk walk(List<AuditRecord> records, List<AuditChain.Head> heads, String... anchorLines) {
        ChainWalk walk = ChainWalk.toHeads(Optional.of(KEY), Optional.of(AuditChainProperties.anchors("anchors")),
                Optional.of(AuditChainProperties.lines(anchorLines)), heads);
        records.forEach(walk);
        walk.finishAtHeads(heads);
        return walk;
    }

    @Property
    void anUntouchedStripedTrailVerifiesWithItsCheckpointAndAnchor(@ForAll("stripes") List<Integer> stripes,
                                                                  @ForAll @IntRange(min = 0, max = 40) int at) {
        Trail trail = write(stripes, at % (stripes.size() + 1));
        AuditRecord cp = trail.records().get(trail.checkpointIndex());
        ChainWalk walk = walk(trail.records(), trail.heads(), AuditAnchor.sign(KEY, cp.seq(), cp.hash(), AT, "sam")
                .line());
        assertThat(walk.problem()).isNull();
        assertThat(walk.badAnchor()).isNull();
        assertThat(walk.anchorsChecked()).isEqualTo(1);
        assertThat(walk.count()).isEqualTo(stripes.size() + 1);
    }

    @Property
    void removingAnyRecordBeforeTheAnchoredCheckpointIsFound(@ForAll("stripes") List<Integer> stripes,
                                                            @ForAll @IntRange(min = 0, max = 40) int at,
                                                            @ForAll @IntRange(min = 0, max = 40) int victim) {
        Trail trail = write(stripes, 1 + at % stripes.size());
        AuditRecord cp = trail.records().get(trail.checkpointIndex());
        List<AuditRecord> records = new ArrayList<>(trail.records());
        AuditRecord removed = records.remove(victim % trail.checkpointIndex());
        // the database attacker also moves the heads back where the removal leaves them: only the links, the
        // checkpoint and the anchor can tell
        List<AuditChain.Head> heads = headsOf(records);
        ChainWalk walk = walk(records, heads, AuditAnchor.sign(KEY, cp.seq(), cp.hash(), AT, "sam").line());
        assertThat(walk.problem()).as("record %d of stripe %d removed", removed.seq(), removed.stripe()).isNotNull();
        assertThat(walk.problem().seq()).isLessThanOrEqualTo(cp.seq());
    }

    @Property
    void removingTheLastRecordsOfAnyStripeIsFoundByItsHeadOrTheCheckpoint(@ForAll("stripes") List<Integer> stripes,
                                                                         @ForAll @IntRange(min = 1, max = 4) int stripe) {
        Trail trail = write(stripes, stripes.size()); // the checkpoint is the last record
        List<AuditRecord> records = new ArrayList<>(trail.records());
        int last = -1;
        for (int i = 0; i < trail.checkpointIndex(); i++) {
            if (records.get(i).stripe() == stripe) {
                last = i;
            }
        }
        if (last < 0) {
            return; // that stripe holds no record
        }
        AuditRecord removed = records.remove(last);
        ChainWalk unchangedHeads = walk(records, trail.heads());
        assertThat(unchangedHeads.problem()).as("the stripe's head still names the removed record").isNotNull();
        ChainWalk movedHeads = walk(records, headsOf(records));
        assertThat(movedHeads.problem()).as("the checkpoint names the removed record %d", removed.seq()).isNotNull();
        // (stripe 1's checkpoint record is itself the next record of stripe 1: its own link breaks)
        assertThat(movedHeads.problem().text()).contains(stripe == 1 ? "of stripe 1" : "checkpoint record",
                "stripe " + stripe);
    }

    @Property
    void aRecordMovedToAnotherStripeBreaksBoth(@ForAll("stripes") List<Integer> stripes,
                                               @ForAll @IntRange(min = 0, max = 40) int victim,
                                               @ForAll @IntRange(min = 1, max = 3) int shift) {
        Trail trail = write(stripes, 0);
        List<AuditRecord> records = new ArrayList<>(trail.records());
        int index = 1 + victim % (records.size() - 1);
        AuditRecord r = records.get(index);
        int other = 1 + (r.stripe() - 1 + shift) % 4;
        records.set(index, new AuditRecord(r.seq(), r.occurredAt(), r.actorName(), r.actorRoles(), r.action(),
                r.target(), r.outcome(), r.before(), r.after(), r.reason(), r.correlationId(), r.previousHash(),
                r.hash(), r.mac(), other));
        ChainWalk walk = walk(records, headsOf(records));
        assertThat(walk.problem()).isNotNull();
        assertThat(walk.problem().seq()).isEqualTo(r.seq());
    }

    @Property
    void anExportStartingAnywhereVerifiesAndStillChecksItsCheckpoint(@ForAll("stripes") List<Integer> stripes,
                                                                    @ForAll @IntRange(min = 0, max = 40) int from) {
        Trail trail = write(stripes, stripes.size());
        List<AuditRecord> export = trail.records().subList(from % trail.checkpointIndex(), trail.records().size());
        ChainWalk walk = ChainWalk.forExport(Optional.of(KEY), Optional.empty(), Optional.empty());
        export.forEach(walk);
        walk.finishExport();
        assertThat(walk.problem()).isNull();

        // the same export without one of its records that the checkpoint covers
        List<AuditRecord> shorter = new ArrayList<>(export);
        int lastOfItsStripe = -1;
        for (int i = 0; i < shorter.size() - 1; i++) {
            int s = shorter.get(i).stripe();
            boolean later = shorter.subList(i + 1, shorter.size() - 1).stream().anyMatch(r -> r.stripe() == s);
            boolean earlier = shorter.subList(0, i).stream().anyMatch(r -> r.stripe() == s);
            if (!later && earlier && s != 1) { // (stripe 1's last one would break the checkpoint's own link first)
                lastOfItsStripe = i;
            }
        }
        if (lastOfItsStripe < 0) {
            return;
        }
        shorter.remove(lastOfItsStripe);
        ChainWalk broken = ChainWalk.forExport(Optional.of(KEY), Optional.empty(), Optional.empty());
        shorter.forEach(broken);
        broken.finishExport();
        assertThat(broken.problem()).isNotNull();
        assertThat(broken.problem().text()).contains("checkpoint record");
    }

    /** The heads as the records now left would make them. */
    static List<AuditChain.Head> headsOf(List<AuditRecord> records) {
        List<AuditChain.Head> heads = new ArrayList<>();
        for (int s = 1; s <= 4; s++) {
            AuditChain.Head head = new AuditChain.Head(s, 0, AuditChain.genesis(s));
            for (AuditRecord r : records) {
                if (r.stripe() == s) {
                    head = new AuditChain.Head(s, r.seq(), r.hash());
                }
            }
            heads.add(head);
        }
        return heads;
    }
}
