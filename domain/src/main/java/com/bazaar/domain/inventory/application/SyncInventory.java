package com.bazaar.domain.inventory.application;

import com.bazaar.domain.support.Guard;
import com.bazaar.domain.support.Recorder;
import com.bazaar.domain.support.SellerLookup;
import com.bazaar.domain.support.SellerStanding;

import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.catalog.CatalogImports;
import com.bazaar.domain.event.Outbox;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.inventory.InventorySyncs;
import com.bazaar.domain.inventory.Stock;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Json;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a seller's stock counts: rows for unknown SKUs, repeated SKUs, or counts that would go below what is
 * reserved or above {@link Stock#MAX_UNITS} are reported (BELOW_RESERVED, ABOVE_MAXIMUM...) and the rest applied, in
 * one audited transaction with the stock rows locked. A file with no valid row changes nothing.
 */
public final class SyncInventory {

    private final Transactions transactions;
    private final SellerLookup sellers;
    private final SellerStanding standing;
    private final InventorySyncs syncs;
    private final Recorder recorder;
    private final Clock clock;

    public SyncInventory(Transactions transactions, Guard guard, Sellers sellers, InventorySyncs syncs, AuditTrail audit,
                         Outbox outbox, Clock clock) {
        this.transactions = transactions;
        this.sellers = new SellerLookup(guard, transactions, sellers);
        this.standing = new SellerStanding(transactions, guard, sellers);
        this.syncs = syncs;
        this.recorder = new Recorder(audit, outbox);
        this.clock = clock;
    }

    public Seller authorise(Actor actor, SellerCode seller) {
        return sellers.authorise(actor, Action.JOB_SELLER_IMPORT, seller);
    }

    /** Like ImportCatalog#authorise(Actor, SellerCode, boolean): an apply also needs the seller's standing. */
    public Seller authorise(Actor actor, SellerCode sellerCode, boolean apply) {
        Seller seller = authorise(actor, sellerCode);
        if (apply) {
            standing.require(actor, Action.JOB_SELLER_IMPORT, seller, "seller:" + seller.code());
        }
        return seller;
    }

    public CatalogImports.Outcome plan(Actor actor, SellerCode sellerCode, long syncId) {
        Seller seller = authorise(actor, sellerCode);
        return transactions.inTransaction(() -> {
            syncs.rejectByStockRules(syncId, seller.id(), Stock.MAX_UNITS, false);
            var plan = syncs.plan(syncId, seller.id(), 10);
            return new CatalogImports.Outcome(plan, false, refusal(plan));
        });
    }

    /** Applies; refused (audited) while the seller is suspended, unless staff give a reason ({@link SellerStanding}). */
    public CatalogImports.Outcome apply(Actor actor, SellerCode sellerCode, long syncId, String checksum, String file) {
        Seller seller = authorise(actor, sellerCode);
        return standing.change(actor, Action.JOB_SELLER_IMPORT, seller, "seller:" + seller.code(), () -> {
            syncs.rejectByStockRules(syncId, seller.id(), Stock.MAX_UNITS, true);
            var before = syncs.plan(syncId, seller.id(), 10);
            var refusal = refusal(before);
            if (refusal.isPresent()) {
                return new CatalogImports.Outcome(before, false, refusal);
            }
            var now = clock.instant();
            var done = syncs.apply(syncId, seller.id(), now);
            Map<String, Object> summary = Json.object();
            summary.put("file", file);
            summary.put("sha256", checksum);
            summary.put("changed", done.update());
            summary.put("unchanged", done.unchanged());
            summary.put("rejected", done.rejected());
            recorder.record(now, actor, "inventory.sync", "seller:" + seller.code(), null, summary,
                    Recorder.event("InventorySynced", "seller", seller.code(), summary, now, actor));
            return new CatalogImports.Outcome(done, true, Optional.empty());
        });
    }

    private static Optional<String> refusal(CatalogImports.Plan plan) {
        return plan.update() + plan.unchanged() == 0 ? Optional.of("the file has no valid row") : Optional.empty();
    }
}
