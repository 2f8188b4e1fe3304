package com.bazaar.domain.audit.application;

import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.support.Guard;

import com.bazaar.domain.audit.AuditQuery;
import com.bazaar.domain.audit.AuditRecord;
import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.shared.Transactions;

import java.util.List;

/** Reads the audit trail with filters. */
public final class ShowAuditLog {

    private final Transactions transactions;
    private final Guard guard;
    private final AuditTrail audit;

    public ShowAuditLog(Transactions transactions, Guard guard, AuditTrail audit) {
        this.transactions = transactions;
        this.guard = guard;
        this.audit = audit;
    }

    public Page<AuditRecord> show(Actor actor, AuditQuery query, PageRequest page) {
        guard.require(actor, Action.AUDIT_VIEW, "audit");
        return transactions.readOnly(() -> audit.find(query, page));
    }
}
