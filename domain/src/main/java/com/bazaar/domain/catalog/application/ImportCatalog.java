package com.bazaar.domain.catalog.application;

import com.bazaar.domain.catalog.CatalogEvent;
import com.bazaar.domain.support.Guard;
import com.bazaar.domain.support.Recorder;
import com.bazaar.domain.support.SellerLookup;
import com.bazaar.domain.support.SellerStanding;

import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.catalog.CatalogImports;
import com.bazaar.domain.catalog.ProductStatus;
import com.bazaar.domain.event.Outbox;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * The decisions of a catalog import, after every row was read and checked on its own: the rules that need the
 * current catalog (a SKU repeated in the file, a lifecycle move the table forbids, stock below what is reserved),
 * the error policy, then planning or applying - applying in one transaction with its audit record and event, so an
 * import is applied wholly or not at all, and applying the same file again changes nothing.
 */
public final class ImportCatalog {

    /** What to do when rows fail. */
    public sealed interface ErrorPolicy permits RejectFile, SkipRows, MaxErrors {
        static ErrorPolicy parse(String text) {
            String t = text == null ? "reject-file" : text.strip();
            if (t.equals("reject-file")) {
                return new RejectFile();
            }
            if (t.equals("skip-rows")) {
                return new SkipRows();
            }
            if (t.startsWith("max-errors=") && com.bazaar.domain.shared.Numbers.isAsciiDigits(
                    t.substring("max-errors=".length())) && t.length() <= "max-errors=".length() + 18) {
                return new MaxErrors(Long.parseLong(t.substring("max-errors=".length()))); // ASCII digits: exact
            }
            throw new com.bazaar.domain.shared.ValidationException("ON_ERROR_INVALID", "on-error",
                    "--on-error must be reject-file, skip-rows or max-errors=N (got '" + text + "')");
        }

        String label();
    }

    public record RejectFile() implements ErrorPolicy {
        public String label() {
            return "reject-file";
        }
    }

    public record SkipRows() implements ErrorPolicy {
        public String label() {
            return "skip-rows";
        }
    }

    public record MaxErrors(long max) implements ErrorPolicy {
        public String label() {
            return "max-errors=" + max;
        }
    }

    private final Transactions transactions;
    private final SellerLookup sellers;
    private final SellerStanding standing;
    private final CatalogImports imports;
    private final Recorder recorder;
    private final Clock clock;

    public ImportCatalog(Transactions transactions, Guard guard, Sellers sellers, CatalogImports imports,
                         AuditTrail audit, Outbox outbox, Clock clock) {
        this.transactions = transactions;
        this.sellers = new SellerLookup(guard, transactions, sellers);
        this.standing = new SellerStanding(transactions, guard, sellers);
        this.imports = imports;
        this.recorder = new Recorder(audit, outbox);
        this.clock = clock;
    }

    /** Checks the actor may import into this seller (a seller user: only its own). */
    public Seller authorise(Actor actor, SellerCode seller) {
        return sellers.authorise(actor, Action.JOB_SELLER_IMPORT, seller);
    }

    /**
     * Checks the actor may import into this seller and, for {@code apply}, that the seller's standing allows the
     * change now (a suspended seller's own users may only plan; staff need a reason) - so a refused apply is refused
     * before the file is read. Applying checks again, under the seller's row lock.
     */
    public Seller authorise(Actor actor, SellerCode sellerCode, boolean apply) {
        Seller seller = authorise(actor, sellerCode);
        if (apply) {
            standing.require(actor, Action.JOB_SELLER_IMPORT, seller, "seller:" + seller.code());
        }
        return seller;
    }

    /** Plans: nothing changes. */
    public CatalogImports.Outcome plan(Actor actor, SellerCode sellerCode, long importId, ErrorPolicy policy,
                        CatalogImports.Columns columns) {
        Seller seller = authorise(actor, sellerCode);
        return transactions.inTransaction(() -> {
            imports.rejectByCatalogRules(importId, seller.id(), moves(), false);
            var plan = imports.plan(importId, seller.id(), columns, seller.currency().minorDigits(), 10);
            return new CatalogImports.Outcome(plan, false, refusal(policy, plan));
        });
    }

    /**
     * Applies, unless the policy refuses: then nothing changes and the refusal says why. Refused (audited) while the
     * seller is suspended, unless staff give a reason ({@link SellerStanding}); a suspension either waits for the
     * apply to commit or refuses all of it.
     */
    public CatalogImports.Outcome apply(Actor actor, SellerCode sellerCode, long importId, ErrorPolicy policy,
                         CatalogImports.Columns columns, String fileChecksum, String fileName) {
        Seller seller = authorise(actor, sellerCode);
        return standing.change(actor, Action.JOB_SELLER_IMPORT, seller, "seller:" + seller.code(), () -> {
            imports.rejectByCatalogRules(importId, seller.id(), moves(), true);
            var before = imports.plan(importId, seller.id(), columns, seller.currency().minorDigits(), 10);
            var refusal = refusal(policy, before);
            if (refusal.isPresent()) {
                return new CatalogImports.Outcome(before, false, refusal);
            }
            var now = clock.instant();
            var done = imports.apply(importId, seller.id(), columns, before, now);
            var imported = new CatalogEvent.CatalogImported(seller.code(), fileName, fileChecksum, policy.label(),
                    done.create(), done.update(), done.unchanged(), done.rejected());
            recorder.record(now, actor, "catalog.import", "seller:" + seller.code(), null, imported.payload(),
                    imported);
            return new CatalogImports.Outcome(done, true, java.util.Optional.empty());
        });
    }

    private static java.util.Optional<String> refusal(ErrorPolicy policy, CatalogImports.Plan plan) {
        long valid = plan.create() + plan.update() + plan.unchanged();
        if (valid == 0) {
            return java.util.Optional.of("the file has no valid row");
        }
        if (policy instanceof RejectFile && plan.rejected() > 0) {
            return java.util.Optional.of(plan.rejected() + " row(s) failed and --on-error is reject-file: nothing was"
                    + " applied");
        }
        if (policy instanceof MaxErrors max && plan.rejected() > max.max()) {
            return java.util.Optional.of(plan.rejected() + " row(s) failed, more than max-errors=" + max.max()
                    + ": nothing was applied");
        }
        return java.util.Optional.empty();
    }

    /** The product lifecycle table, handed to the set-based check (the rule stays the domain's). */
    static Map<ProductStatus, Set<ProductStatus>> moves() {
        Map<ProductStatus, Set<ProductStatus>> moves = new java.util.EnumMap<>(ProductStatus.class);
        for (ProductStatus status : ProductStatus.values()) {
            moves.put(status, status.next());
        }
        return moves;
    }
}
