package com.bazaar.domain.audit.application;

import com.bazaar.domain.support.Guard;

import com.bazaar.domain.audit.AuditEntry;
import com.bazaar.domain.audit.AuditRecord;
import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.shared.Json;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Exports the audit trail for auditors (auditor role only): pages of records by sequence number, with their hashes, so
 * the export can be verified offline; the export is itself audited.
 */
public final class ExportAudit {

    private final Transactions transactions;
    private final Guard guard;
    private final AuditTrail audit;
    private final Clock clock;

    public ExportAudit(Transactions transactions, Guard guard, AuditTrail audit, Clock clock) {
        this.transactions = transactions;
        this.guard = guard;
        this.audit = audit;
        this.clock = clock;
    }

    public void authorise(Actor actor) {
        guard.require(actor, Action.AUDIT_EXPORT, "audit");
    }

    public List<AuditRecord> page(Actor actor, long afterSeq, Instant from, Instant to, int limit) {
        authorise(actor);
        return transactions.inTransaction(() -> audit.page(afterSeq, from, to, limit));
    }

    /** Records that the export happened: who, which range, how many records, the file's checksum. */
    public void recordExport(Actor actor, Instant from, Instant to, String format, long records, long firstSeq,
                             long lastSeq, String fileSha256) {
        authorise(actor);
        Map<String, Object> after = Json.object();
        after.put("from", from.toString());
        after.put("to", to.toString());
        after.put("format", format);
        after.put("records", records);
        after.put("firstSeq", firstSeq);
        after.put("lastSeq", lastSeq);
        after.put("sha256", fileSha256);
        transactions.run(() -> audit.append(AuditEntry.change(clock.instant(), actor, "audit.export", "audit", null,
                after)));
    }
}
