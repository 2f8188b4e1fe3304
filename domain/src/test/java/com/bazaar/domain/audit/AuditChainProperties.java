package com.bazaar.domain.audit;

import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.shared.CorrelationId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AuditChainProperties {

    static final AuditKey KEY = AuditKey.of(bytes(7), 1);
    static final AuditKey OTHER_KEY = AuditKey.of(bytes(8), 1);

    static byte[] bytes(int seed) {
        byte[] b = new byte[AuditKey.SECRET_BYTES];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    @Provide
    Arbitrary<List<AuditEntry>> chains() {
        return entries().list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<List<AuditEntry>> longerChains() {
        return entries().list().ofMinSize(2).ofMaxSize(30);
    }

    private Arbitrary<AuditEntry> entries() {
        Arbitrary<String> text = Arbitraries.strings().alpha().numeric().withChars(' ', '"', ':', '|', 'é', '-')
                .ofMinLength(1).ofMaxLength(20).filter(s -> !s.isBlank());
        Arbitrary<Optional<String>> optional = text.optional();
        return Combinators.combine(text, text, text, Arbitraries.of(Outcome.class), optional, optional,
                Arbitraries.longs().between(0, 4_000_000_000L)).as((actor, action, target, outcome, before, after, at) ->
                new AuditEntry(Instant.ofEpochSecond(at, 123_456_000), new Actor(Optional.empty(), actor,
                        java.util.Set.of(), Optional.empty(), before, new CorrelationId("c-1")), action, target, outcome,
                        before.map(b -> "{\"v\":\"" + b.replace("\\", "").replace("\"", "") + "\"}"), Optional.empty()));
    }

    static List<AuditRecord> chain(List<AuditEntry> entries, AuditKey key) {
        List<AuditRecord> records = new ArrayList<>();
        String previous = AuditChain.GENESIS;
        for (int i = 0; i < entries.size(); i++) {
            AuditRecord r = AuditChain.link(entries.get(i), i + 1, previous, key);
            records.add(r);
            previous = r.hash();
        }
        return records;
    }

    /** The record with new content and its plain hash recomputed, the MAC left alone or replaced. */
    static AuditRecord rehashed(AuditRecord r, String actorName, String previousHash, Optional<String> mac) {
        AuditRecord content = new AuditRecord(r.seq(), r.occurredAt(), actorName, r.actorRoles(), r.action(),
                r.target(), r.outcome(), r.before(), r.after(), r.reason(), r.correlationId(), previousHash, "", mac);
        return new AuditRecord(r.seq(), r.occurredAt(), actorName, r.actorRoles(), r.action(), r.target(),
                r.outcome(), r.before(), r.after(), r.reason(), r.correlationId(), previousHash,
                AuditChain.hashOf(content), mac);
    }

    /** Rewrites every record from index on with a new actor, recomputing every hash; {@code sealer} gives the MACs. */
    static void rewriteFrom(List<AuditRecord> records, int index, java.util.function.Function<String, Optional<String>> sealer) {
        String previous = index == 0 ? AuditChain.GENESIS : records.get(index - 1).hash();
        for (int i = index; i < records.size(); i++) {
            AuditRecord r = rehashed(records.get(i), i == index ? "mallory" : records.get(i).actorName(), previous,
                    Optional.empty());
            AuditRecord sealed = new AuditRecord(r.seq(), r.occurredAt(), r.actorName(), r.actorRoles(), r.action(),
                    r.target(), r.outcome(), r.before(), r.after(), r.reason(), r.correlationId(), r.previousHash(),
                    r.hash(), sealer.apply(r.hash()));
            records.set(i, sealed);
            previous = sealed.hash();
        }
    }

    static ChainWalk.Problem walk(List<AuditRecord> records, Optional<AuditKey> key) {
        ChainWalk walk = ChainWalk.fromStart(key, Optional.empty(), Optional.empty());
        records.forEach(walk);
        return walk.problem();
    }

    @Property
    void anUntouchedChainVerifiesWithAndWithoutTheKey(@ForAll("chains") List<AuditEntry> entries) {
        List<AuditRecord> records = chain(entries, KEY);
        assertThat(walk(records, Optional.of(KEY))).isNull();
        assertThat(walk(records, Optional.empty())).isNull();
    }

    @Property
    void alteringAnyRecordIsFoundAtThatRecord(@ForAll("chains") List<AuditEntry> entries,
                                              @ForAll @IntRange(min = 0, max = 29) int victim,
                                              @ForAll @IntRange(min = 0, max = 3) int field) {
        List<AuditRecord> records = chain(entries, KEY);
        int index = victim % records.size();
        AuditRecord r = records.get(index);
        AuditRecord altered = switch (field) {
            case 0 -> new AuditRecord(r.seq(), r.occurredAt().plusSeconds(1), r.actorName(), r.actorRoles(), r.action(),
                    r.target(), r.outcome(), r.before(), r.after(), r.reason(), r.correlationId(), r.previousHash(),
                    r.hash(), r.mac());
            case 1 -> new AuditRecord(r.seq(), r.occurredAt(), r.actorName() + "x", r.actorRoles(), r.action(),
                    r.target(), r.outcome(), r.before(), r.after(), r.reason(), r.correlationId(), r.previousHash(),
                    r.hash(), r.mac());
            case 2 -> new AuditRecord(r.seq(), r.occurredAt(), r.actorName(), r.actorRoles(), r.action(),
                    r.target(), r.outcome() == Outcome.SUCCESS ? Outcome.DENIED : Outcome.SUCCESS, r.before(), r.after(),
                    r.reason(), r.correlationId(), r.previousHash(), r.hash(), r.mac());
            default -> new AuditRecord(r.seq(), r.occurredAt(), r.actorName(), r.actorRoles(), r.action(),
                    r.target(), r.outcome(), r.before(), r.after(), r.reason().isPresent() ? Optional.empty()
                    : Optional.of("because"), r.correlationId(), r.previousHash(), r.hash(), r.mac());
        };
        records.set(index, altered);
        for (Optional<AuditKey> key : List.of(Optional.of(KEY), Optional.<AuditKey>empty())) {
            ChainWalk.Problem problem = walk(records, key);
            assertThat(problem).isNotNull();
            assertThat(problem.seq()).isEqualTo(r.seq());
        }
    }

    @Property
    void removingAnyRecordButTheLastIsFound(@ForAll("longerChains") List<AuditEntry> entries,
                                            @ForAll @IntRange(min = 0, max = 28) int victim) {
        List<AuditRecord> records = chain(entries, KEY);
        int index = victim % (records.size() - 1);
        records.remove(index);
        ChainWalk.Problem problem = walk(records, Optional.of(KEY));
        assertThat(problem).isNotNull();
        assertThat(problem.seq()).as("the record after the removed one no longer links").isEqualTo(index + 2);
        assertThat(problem.text()).contains(index == 0 ? "not the first record of stripe 1" : "were removed");
    }

    @Property
    void aRecordRehashedAfterEditingIsFoundAtItsMacOrWithoutTheKeyAtTheNextLink(
            @ForAll("longerChains") List<AuditEntry> entries, @ForAll @IntRange(min = 0, max = 28) int victim) {
        List<AuditRecord> records = chain(entries, KEY);
        int index = victim % (records.size() - 1);
        AuditRecord r = records.get(index);
        records.set(index, rehashed(r, "forger", r.previousHash(), r.mac()));
        assertThat(walk(records, Optional.of(KEY)).seq()).isEqualTo(r.seq());
        assertThat(walk(records, Optional.of(KEY)).text()).contains("MAC");
        assertThat(walk(records, Optional.empty()).seq()).isEqualTo(r.seq() + 1);
    }

    @Property(tries = 250)
    void aWholeRewriteWithoutTheKeyIsFoundAtItsFirstRecord(@ForAll("chains") List<AuditEntry> entries,
                                                           @ForAll @IntRange(min = 0, max = 29) int victim,
                                                           @ForAll @IntRange(min = 0, max = 2) int how) {
        List<AuditRecord> records = chain(entries, KEY);
        int index = victim % records.size();
        rewriteFrom(records, index, switch (how) {
            case 0 -> hash -> Optional.empty();                                      // downgraded to plain records
            case 1 -> hash -> Optional.of(AuditChain.macOf(hash, OTHER_KEY));       // sealed with a wrong key
            default -> hash -> Optional.of("0".repeat(64));                         // any made-up MAC
        });
        assertThat(walk(records, Optional.empty())).as("without the key the rewrite is consistent").isNull();
        ChainWalk.Problem problem = walk(records, Optional.of(KEY));
        assertThat(problem).isNotNull();
        assertThat(problem.seq()).isEqualTo(index + 1L);
    }

    @Property(tries = 250)
    void recordsBeforeTheKeysFirstRecordArePlainAndTheRestSealed(@ForAll("longerChains") List<AuditEntry> entries,
                                                                @ForAll @IntRange(min = 0, max = 28) int split) {
        int keyedFrom = 2 + split % (entries.size() - 1); // 2..size: at least one plain record before it
        AuditKey key = AuditKey.of(bytes(9), keyedFrom);
        List<AuditRecord> records = new ArrayList<>();
        String previous = AuditChain.GENESIS;
        for (int i = 0; i < entries.size(); i++) {
            AuditRecord sealed = AuditChain.link(entries.get(i), i + 1, previous, AuditKey.of(bytes(9), i + 1));
            AuditRecord r = i + 1 < keyedFrom ? new AuditRecord(sealed.seq(), sealed.occurredAt(), sealed.actorName(),
                    sealed.actorRoles(), sealed.action(), sealed.target(), sealed.outcome(), sealed.before(),
                    sealed.after(), sealed.reason(), sealed.correlationId(), sealed.previousHash(), sealed.hash(),
                    Optional.empty()) : sealed;
            records.add(r);
            previous = r.hash();
        }
        assertThat(walk(records, Optional.of(key))).isNull();
        // a database-only downgrade of a sealed record to "plain" (MAC cleared) is found: the key says where MACs begin
        AuditRecord victim = records.get(keyedFrom - 1);
        records.set(keyedFrom - 1, new AuditRecord(victim.seq(), victim.occurredAt(), victim.actorName(),
                victim.actorRoles(), victim.action(), victim.target(), victim.outcome(), victim.before(), victim.after(),
                victim.reason(), victim.correlationId(), victim.previousHash(), victim.hash(), Optional.empty()));
        assertThat(walk(records, Optional.of(key)).seq()).isEqualTo(keyedFrom);
        assertThat(walk(records, Optional.of(key)).text()).contains("carries no MAC");
    }

    @Property(tries = 250)
    void aRemovedTailIsFoundThroughAnAnchorOnly(@ForAll("longerChains") List<AuditEntry> entries,
                                               @ForAll @IntRange(min = 1, max = 29) int cut) {
        List<AuditRecord> records = chain(entries, KEY);
        AuditRecord last = records.get(records.size() - 1);
        AuditAnchor anchor = AuditAnchor.sign(KEY, last.seq(), last.hash(), Instant.parse("2026-11-25T10:00:00Z"), "sam");
        int removed = 1 + (cut - 1) % (records.size() - 1);
        List<AuditRecord> shorter = new ArrayList<>(records.subList(0, records.size() - removed));
        AuditRecord newLast = shorter.get(shorter.size() - 1);

        ChainWalk plain = ChainWalk.fromStart(Optional.of(KEY), Optional.empty(), Optional.empty());
        shorter.forEach(plain);
        plain.finishAtHeads(List.of(new AuditChain.Head(1, newLast.seq(), newLast.hash())));
        assertThat(plain.problem()).as("a consistent shorter chain passes the keyed checks").isNull();

        ChainWalk anchored = ChainWalk.fromStart(Optional.of(KEY), Optional.of(anchors("anchors")),
                Optional.of(lines(anchor.line())));
        shorter.forEach(anchored);
        anchored.finishAtHeads(List.of(new AuditChain.Head(1, newLast.seq(), newLast.hash())));
        assertThat(anchored.problem()).isNotNull();
        assertThat(anchored.problem().seq()).isEqualTo(newLast.seq() + 1);
        assertThat(anchored.problem().text()).contains("were removed");
    }

    @Property(tries = 250)
    void anAnchorIsCheckedAgainstItsRecordAndAForgedOneIsNotTrusted(@ForAll("longerChains") List<AuditEntry> entries,
                                                                   @ForAll @IntRange(min = 0, max = 28) int at) {
        List<AuditRecord> records = chain(entries, KEY);
        AuditRecord anchored = records.get(at % records.size());
        Instant when = Instant.parse("2026-11-25T10:00:00Z");
        AuditAnchor good = AuditAnchor.sign(KEY, anchored.seq(), anchored.hash(), when, "sam");
        ChainWalk walk = walkWith(records, good.line());
        assertThat(walk.problem()).isNull();
        assertThat(walk.badAnchor()).isNull();
        assertThat(walk.anchorsChecked()).isEqualTo(1);

        String otherHash = "ab".repeat(32);
        AuditAnchor forged = new AuditAnchor(good.seq(), otherHash, good.at(), good.by(), good.keyId(), good.mac());
        assertThat(walkWith(records, forged.line()).badAnchor()).as("an edited anchor line").isNotNull();
        AuditAnchor otherKey = AuditAnchor.sign(OTHER_KEY, anchored.seq(), anchored.hash(), when, "sam");
        assertThat(walkWith(records, otherKey.line()).badAnchor().text()).contains("signed with audit key");
        AuditAnchor mismatch = AuditAnchor.sign(KEY, anchored.seq(), otherHash, when, "sam");
        assertThat(walkWith(records, mismatch.line()).problem().seq()).as("a record rewritten after its anchor")
                .isEqualTo(anchored.seq());
        AuditAnchor earlier = AuditAnchor.sign(KEY, 1, records.get(0).hash(), when, "sam");
        if (anchored.seq() > 1) {
            assertThat(walkWith(records, good.line(), earlier.line()).badAnchor().text()).contains("went back");
        }
    }

    private static ChainWalk walkWith(List<AuditRecord> records, String... lines) {
        ChainWalk walk = ChainWalk.fromStart(Optional.of(KEY), Optional.of(anchors("anchors")), Optional.of(lines(lines)));
        records.forEach(walk);
        AuditRecord last = records.get(records.size() - 1);
        walk.finishAtHeads(List.of(new AuditChain.Head(1, last.seq(), last.hash())));
        return walk;
    }

    @Property
    void theKeyFileReadsBackAsTheSameKeyAndNeverShowsTheSecretElsewhere(@ForAll @IntRange(min = 1, max = 1000) int from) {
        AuditKey key = AuditKey.of(bytes(from), from);
        AuditKey read = AuditKey.parse(key.fileText());
        assertThat(read.id()).isEqualTo(key.id());
        assertThat(read.keyedFrom()).isEqualTo(from);
        assertThat(AuditChain.macOf("a".repeat(64), read)).isEqualTo(AuditChain.macOf("a".repeat(64), key));
        String secretHex = java.util.HexFormat.of().formatHex(bytes(from));
        assertThat(key.toString()).doesNotContain(secretHex);
        assertThat(key.fileText()).contains(secretHex);
    }

    static AuditAnchors anchors(String location) {
        return new AuditAnchors() {
            @Override
            public String location() {
                return location;
            }

            @Override
            public Lines read() {
                return lines();
            }

            @Override
            public <T> T locked(java.util.function.Supplier<T> work) {
                return work.get();
            }

            @Override
            public Optional<Line> last() {
                return Optional.empty();
            }

            @Override
            public void append(AuditAnchor anchor) {
                throw new UnsupportedOperationException();
            }
        };
    }

    static AuditAnchors.Lines lines(String... texts) {
        Iterator<String> it = List.of(texts).iterator();
        long[] number = {0};
        return new AuditAnchors.Lines() {
            @Override
            public Optional<AuditAnchors.Line> next() {
                return it.hasNext() ? Optional.of(new AuditAnchors.Line(++number[0], it.next())) : Optional.empty();
            }

            @Override
            public void close() {
            }
        };
    }
}
