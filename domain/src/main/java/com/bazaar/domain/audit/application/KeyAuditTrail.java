package com.bazaar.domain.audit.application;

import com.bazaar.domain.audit.AuditAnchoring;
import com.bazaar.domain.audit.AuditEntry;
import com.bazaar.domain.audit.AuditKey;
import com.bazaar.domain.audit.AuditRecord;
import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.identity.Secrets;
import com.bazaar.domain.shared.CorrelationId;
import com.bazaar.domain.shared.Json;
import com.bazaar.domain.shared.RuleViolation;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Gives an installation its audit key, once: a new installation ({@code bazaar init}) gets a key that seals every
 * record from the first; an installation whose trail already holds plain records ({@code bazaar db migrate} of an
 * upgrade) gets one that seals from the next record on, and that next record ({@code audit.key}) says so. The key
 * file itself records from which record it applies, so a verifier trusts the file, not the database. A host without
 * the key of an installation that already has one gets no new key: it is told where the installation's key must go.
 */
public final class KeyAuditTrail {

    public sealed interface Outcome permits Present, Created {
    }

    /** This host has the installation's key already. */
    public record Present(AuditKey key, String location) implements Outcome {
    }

    /** A new key was stored at {@code location}; {@code upgrade}: the trail held plain records before it. */
    public record Created(AuditKey key, String location, boolean upgrade) implements Outcome {
    }

    private final Transactions transactions;
    private final AuditTrail audit;
    private final AuditAnchoring anchoring;
    private final Secrets secrets;
    private final Clock clock;

    public KeyAuditTrail(Transactions transactions, AuditTrail audit, AuditAnchoring anchoring, Secrets secrets,
                         Clock clock) {
        this.transactions = transactions;
        this.audit = audit;
        this.anchoring = anchoring;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Makes sure this host has the installation's key, creating it if the installation has none yet. */
    public Outcome ensure(CorrelationId correlationId) {
        var keys = anchoring.keys();
        Optional<AuditKey> existing = keys.find();
        return transactions.inTransaction(() -> {
            AuditTrail.ChainHead head = audit.head();
            if (existing.isPresent()) {
                AuditKey key = existing.get();
                if (key.keyedFrom() - 1 > head.seq()) {
                    throw new RuleViolation("AUDIT_KEY_AHEAD_OF_TRAIL", "the audit key at " + keys.location()
                            + " (id " + key.id() + ") seals records from " + key.keyedFrom() + " on, but this"
                            + " installation's trail ends at record " + head.seq() + ": it is another installation's"
                            + " key, or records were removed");
                }
                return new Present(key, keys.location());
            }
            if (head.seq() == 0) {
                AuditKey key = AuditKey.of(secrets.randomBytes(AuditKey.SECRET_BYTES), 1);
                keys.create(key);
                return new Created(key, keys.location(), false);
            }
            boolean keyed = audit.record(head.seq()).flatMap(AuditRecord::mac).isPresent(); // the latest record
            if (keyed) {
                keys.key(); // the installation has a key this host lacks: refused, saying where it must go
            }
            AuditKey key = AuditKey.of(secrets.randomBytes(AuditKey.SECRET_BYTES), head.seq() + 1);
            keys.create(key);
            Map<String, Object> after = Json.object();
            after.put("keyId", key.id());
            after.put("keyedFrom", key.keyedFrom());
            Actor system = Actor.system("db-migrate", correlationId).withReason("the audit trail is sealed with a key"
                    + " kept outside the database from this record on (records before it are plain SHA-256)");
            audit.append(AuditEntry.change(clock.instant(), system, "audit.key", "audit", null, after));
            return new Created(key, keys.location(), true);
        });
    }
}
