package com.bazaar.domain.audit;

import com.bazaar.domain.application.VerifyAuditChain;
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
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AuditChainProperties {

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

    private static List<AuditRecord> chain(List<AuditEntry> entries) {
        List<AuditRecord> records = new ArrayList<>();
        String previous = AuditChain.GENESIS;
        for (int i = 0; i < entries.size(); i++) {
            AuditRecord r = AuditChain.link(entries.get(i), i + 1, previous);
            records.add(r);
            previous = r.hash();
        }
        return records;
    }

    private static VerifyAuditChain.Broken walk(List<AuditRecord> records) {
        VerifyAuditChain.Walker walker = new VerifyAuditChain.Walker();
        records.forEach(walker);
        return walker.broken();
    }

    @Property
    void anUntouchedChainVerifies(@ForAll("chains") List<AuditEntry> entries) {
        assertThat(walk(chain(entries))).isNull();
    }

    @Property
    void alteringAnyRecordIsFoundAtThatRecord(@ForAll("chains") List<AuditEntry> entries,
                                              @ForAll @IntRange(min = 0, max = 29) int victim,
                                              @ForAll @IntRange(min = 0, max = 3) int field) {
        List<AuditRecord> records = chain(entries);
        int index = victim % records.size();
        AuditRecord r = records.get(index);
        AuditRecord altered = switch (field) {
            case 0 -> new AuditRecord(r.seq(), r.occurredAt().plusSeconds(1), r.actorName(), r.actorRoles(), r.action(),
                    r.target(), r.outcome(), r.before(), r.after(), r.reason(), r.correlationId(), r.previousHash(), r.hash());
            case 1 -> new AuditRecord(r.seq(), r.occurredAt(), r.actorName() + "x", r.actorRoles(), r.action(),
                    r.target(), r.outcome(), r.before(), r.after(), r.reason(), r.correlationId(), r.previousHash(), r.hash());
            case 2 -> new AuditRecord(r.seq(), r.occurredAt(), r.actorName(), r.actorRoles(), r.action(),
                    r.target(), r.outcome() == Outcome.SUCCESS ? Outcome.DENIED : Outcome.SUCCESS, r.before(), r.after(),
                    r.reason(), r.correlationId(), r.previousHash(), r.hash());
            default -> new AuditRecord(r.seq(), r.occurredAt(), r.actorName(), r.actorRoles(), r.action(),
                    r.target(), r.outcome(), r.before(), r.after(), r.reason().isPresent() ? Optional.empty()
                    : Optional.of("because"), r.correlationId(), r.previousHash(), r.hash());
        };
        records.set(index, altered);
        VerifyAuditChain.Broken broken = walk(records);
        assertThat(broken).isNotNull();
        assertThat(broken.seq()).isEqualTo(r.seq());
    }

    @Property
    void removingAnyRecordButTheLastIsFound(@ForAll("longerChains") List<AuditEntry> entries,
                                            @ForAll @IntRange(min = 0, max = 28) int victim) {
        List<AuditRecord> records = chain(entries);
        int index = victim % (records.size() - 1);
        records.remove(index);
        VerifyAuditChain.Broken broken = walk(records);
        assertThat(broken).isNotNull();
        assertThat(broken.seq()).isEqualTo(index + 1);
    }

    @Property
    void aRecordRehashedAfterEditingBreaksTheNextLink(@ForAll("longerChains") List<AuditEntry> entries,
                                                     @ForAll @IntRange(min = 0, max = 28) int victim) {
        List<AuditRecord> records = chain(entries);
        int index = victim % (records.size() - 1);
        AuditRecord r = records.get(index);
        AuditRecord forged = AuditChain.link(new AuditEntry(r.occurredAt(), Actor.system("forger",
                new CorrelationId("c-1")), r.action(), r.target(), r.outcome(), r.before(), r.after()), r.seq(),
                r.previousHash());
        records.set(index, forged);
        VerifyAuditChain.Broken broken = walk(records);
        assertThat(broken).isNotNull();
        assertThat(broken.seq()).isEqualTo(r.seq() + 1);
    }
}
