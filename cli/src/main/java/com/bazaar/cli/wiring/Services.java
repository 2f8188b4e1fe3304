package com.bazaar.cli.wiring;

import com.bazaar.domain.audit.AuditAnchoring;
import com.bazaar.domain.audit.application.AnchorAuditChain;
import com.bazaar.domain.audit.application.ExportAudit;
import com.bazaar.domain.audit.application.KeyAuditTrail;
import com.bazaar.domain.audit.application.ShowAuditLog;
import com.bazaar.domain.audit.application.VerifyAuditChain;
import com.bazaar.domain.catalog.CatalogImports;
import com.bazaar.domain.catalog.application.ChangeProduct;
import com.bazaar.domain.catalog.application.CreateProduct;
import com.bazaar.domain.catalog.application.ImportCatalog;
import com.bazaar.domain.catalog.application.ShowProduct;
import com.bazaar.domain.identity.Secrets;
import com.bazaar.domain.identity.application.Authenticate;
import com.bazaar.domain.identity.application.CreateUser;
import com.bazaar.domain.identity.application.InitializeBazaar;
import com.bazaar.domain.identity.application.ListUsers;
import com.bazaar.domain.identity.application.RevokeUser;
import com.bazaar.domain.inventory.InventorySyncs;
import com.bazaar.domain.inventory.application.AdjustStock;
import com.bazaar.domain.inventory.application.SplitStock;
import com.bazaar.domain.inventory.application.SyncInventory;
import com.bazaar.domain.event.EventPublisher;
import com.bazaar.domain.event.application.RelayEvents;
import com.bazaar.domain.event.application.ShowEventBacklog;
import com.bazaar.domain.operations.application.ControlJobs;
import com.bazaar.domain.operations.application.StartOperationsServer;
import com.bazaar.domain.order.application.CancelOrder;
import com.bazaar.domain.order.application.DeliverOrder;
import com.bazaar.domain.order.application.ListOrders;
import com.bazaar.domain.order.application.PlaceOrder;
import com.bazaar.domain.order.application.ReleaseExpiredReservations;
import com.bazaar.domain.order.application.ShipOrder;
import com.bazaar.domain.order.application.ShowOrder;
import com.bazaar.domain.payment.application.AuthorizePayment;
import com.bazaar.domain.payment.application.CapturePayment;
import com.bazaar.domain.payment.application.IssueRefund;
import com.bazaar.domain.payment.application.LedgerReport;
import com.bazaar.domain.payment.application.ListRefunds;
import com.bazaar.domain.payment.application.SettleInDoubtPayments;
import com.bazaar.domain.payment.application.ShowPayment;
import com.bazaar.domain.payment.application.VoidPayment;
import com.bazaar.domain.pricing.application.CreateDiscount;
import com.bazaar.domain.pricing.application.QuotePrice;
import com.bazaar.domain.reconciliation.Reconciliations;
import com.bazaar.domain.reconciliation.application.ListReconciliationRuns;
import com.bazaar.domain.reconciliation.application.ReconciliationReport;
import com.bazaar.domain.reconciliation.application.ShowSettlementProblems;
import com.bazaar.domain.reconciliation.application.ResolveDiscrepancy;
import com.bazaar.domain.reconciliation.application.RunReconciliation;
import com.bazaar.domain.seller.application.CreateSeller;
import com.bazaar.domain.seller.application.ListSellers;
import com.bazaar.domain.seller.application.ReinstateSeller;
import com.bazaar.domain.seller.application.ShowSeller;
import com.bazaar.domain.seller.application.SuspendSeller;
import com.bazaar.postgres.Database;
import com.bazaar.postgres.Migrations;

import com.bazaar.cache.ReadCache;

import java.time.Clock;
import java.util.Optional;
import java.time.Duration;

/**
 * Every use case wired over one database. Plain constructors, no framework: a command pays only for what it uses.
 * The ports are built once ({@link Adapters}); each domain feature module's use cases are wired by its own record in
 * {@link Features}. Tests build the same graph over a test database.
 */
public final class Services {

    /**
     * Settings the services take from the configuration.
     *
     * @param redisBuckets the Redis that holds the rate-limit buckets ({@code limits.store: redis}), shared by the
     *                     services of the process; empty: PostgreSQL holds them
     */
    public record Settings(Duration reservationTtl, int commissionBasisPoints, String simulator,
                           long writeOffApprovalMinor, com.bazaar.domain.limits.RateLimits rateLimits,
                           Optional<com.bazaar.cache.GuardedRedis<byte[]>> redisBuckets) {
        public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(15), 500,
                "decline=51,unknown=52,pending=53", 10_000);

        /** Without rate limits. */
        public Settings(Duration reservationTtl, int commissionBasisPoints, String simulator,
                        long writeOffApprovalMinor) {
            this(reservationTtl, commissionBasisPoints, simulator, writeOffApprovalMinor,
                    com.bazaar.domain.limits.RateLimits.none(), Optional.empty());
        }

        public Settings withRateLimits(com.bazaar.domain.limits.RateLimits limits) {
            return new Settings(reservationTtl, commissionBasisPoints, simulator, writeOffApprovalMinor, limits,
                    redisBuckets);
        }

        /** With the rate-limit buckets in this Redis ({@link com.bazaar.cache.RedisRateLimiter}). */
        public Settings withRedisBuckets(com.bazaar.cache.GuardedRedis<byte[]> redis) {
            return new Settings(reservationTtl, commissionBasisPoints, simulator, writeOffApprovalMinor, rateLimits,
                    Optional.of(redis));
        }
    }

    private final Migrations migrations;
    private final Adapters adapters;
    private final Features.Identity identity;
    private final Features.Seller seller;
    private final Features.Audit audit;
    private final Features.Catalog catalog;
    private final Features.Inventory inventory;
    private final Features.Pricing pricing;
    private final Features.Order order;
    private final Features.Payment payment;
    private final Features.Reconciliation reconciliation;
    private final Features.Operations operations;
    private final Features.Events events;

    public Services(Database database, Clock clock, Secrets secrets, AuditAnchoring anchoring) {
        this(database, clock, secrets, Settings.DEFAULTS, anchoring);
    }

    /** @param anchoring the audit key (every append seals with it) and the anchors file of this host */
    public Services(Database database, Clock clock, Secrets secrets, Settings settings, AuditAnchoring anchoring) {
        this(database, clock, secrets, settings, anchoring, Optional.empty());
    }

    /**
     * @param cache the cache of products and discount rules ({@code --cache}), if one is configured: the read-only
     *              use cases read through it and every writer evicts from it after commit
     */
    public Services(Database database, Clock clock, Secrets secrets, Settings settings, AuditAnchoring anchoring,
                    Optional<ReadCache> cache) {
        this(database, clock, secrets, settings, anchoring, cache, Optional.empty());
    }

    /**
     * @param commandsOf the limit on commands per user of the services whose commands these serve (a job runtime
     *                   serves the command that started the job): a command that paid there does not pay again here
     */
    public Services(Database database, Clock clock, Secrets secrets, Settings settings, AuditAnchoring anchoring,
                    Optional<ReadCache> cache, Optional<com.bazaar.domain.limits.CommandLimit> commandsOf) {
        this.migrations = new Migrations(database.dataSource());
        this.adapters = Adapters.over(database, clock, anchoring, settings, cache, commandsOf);
        this.identity = Features.Identity.wire(adapters, secrets);
        this.seller = Features.Seller.wire(adapters);
        this.audit = Features.Audit.wire(adapters, anchoring, secrets);
        this.catalog = Features.Catalog.wire(adapters);
        this.inventory = Features.Inventory.wire(adapters);
        this.pricing = Features.Pricing.wire(adapters);
        this.order = Features.Order.wire(adapters, settings);
        this.payment = Features.Payment.wire(adapters, settings);
        this.reconciliation = Features.Reconciliation.wire(adapters, settings);
        this.operations = Features.Operations.wire(adapters);
        this.events = Features.Events.wire(adapters);
    }

    public Database database() {
        return adapters.database();
    }

    public Migrations migrations() {
        return migrations;
    }

    public Clock clock() {
        return adapters.clock();
    }

    /** The limit on commands per user that these services' guard charges (docs/rate_limits.md). */
    public com.bazaar.domain.limits.CommandLimit commandLimit() {
        return adapters.guard().commands();
    }

    /** The staging port of catalog imports (the job writes its rows through it). */
    public CatalogImports catalogImports() {
        return adapters.catalogImports();
    }

    /** The staging port of inventory syncs. */
    public InventorySyncs inventorySyncs() {
        return adapters.inventorySyncs();
    }

    /** The staging port of reconciliation runs. */
    public Reconciliations reconciliations() {
        return adapters.reconciliations();
    }

    // identity
    public InitializeBazaar initialize() {
        return identity.initialize();
    }

    public Authenticate authenticate() {
        return identity.authenticate();
    }

    public CreateUser createUser() {
        return identity.createUser();
    }

    public RevokeUser revokeUser() {
        return identity.revokeUser();
    }

    public ListUsers listUsers() {
        return identity.listUsers();
    }

    // seller
    public CreateSeller createSeller() {
        return seller.createSeller();
    }

    public ShowSeller showSeller() {
        return seller.showSeller();
    }

    public ListSellers listSellers() {
        return seller.listSellers();
    }

    public SuspendSeller suspendSeller() {
        return seller.suspendSeller();
    }

    public ReinstateSeller reinstateSeller() {
        return seller.reinstateSeller();
    }

    // audit
    public ShowAuditLog showAuditLog() {
        return audit.showAuditLog();
    }

    public VerifyAuditChain verifyAuditChain() {
        return audit.verifyAuditChain();
    }

    public AnchorAuditChain anchorAuditChain() {
        return audit.anchorAuditChain();
    }

    public KeyAuditTrail keyAuditTrail() {
        return audit.keyAuditTrail();
    }

    public ExportAudit exportAudit() {
        return audit.exportAudit();
    }

    // catalog
    public CreateProduct createProduct() {
        return catalog.createProduct();
    }

    public ShowProduct showProduct() {
        return catalog.showProduct();
    }

    public ChangeProduct changeProduct() {
        return catalog.changeProduct();
    }

    public ImportCatalog importCatalog() {
        return catalog.importCatalog();
    }

    // inventory
    public AdjustStock adjustStock() {
        return inventory.adjustStock();
    }

    public SyncInventory syncInventory() {
        return inventory.syncInventory();
    }

    public SplitStock splitStock() {
        return inventory.splitStock();
    }

    // pricing
    public CreateDiscount createDiscount() {
        return pricing.createDiscount();
    }

    public QuotePrice quotePrice() {
        return pricing.quotePrice();
    }

    // order
    public PlaceOrder placeOrder() {
        return order.placeOrder();
    }

    public CancelOrder cancelOrder() {
        return order.cancelOrder();
    }

    public ShipOrder shipOrder() {
        return order.shipOrder();
    }

    public DeliverOrder deliverOrder() {
        return order.deliverOrder();
    }

    public ListOrders listOrders() {
        return order.listOrders();
    }

    public ShowOrder showOrder() {
        return order.showOrder();
    }

    public ReleaseExpiredReservations releaseExpired() {
        return order.releaseExpired();
    }

    public com.bazaar.domain.order.application.TakeOrderRequest takeOrderRequest() {
        return order.takeOrderRequest();
    }

    public com.bazaar.domain.order.application.ProjectSales projectSales() {
        return order.projectSales();
    }

    public com.bazaar.domain.order.application.ScheduleReservationExpiry scheduleReservationExpiry() {
        return order.scheduleReservationExpiry();
    }

    public com.bazaar.domain.order.application.ReleaseDueReservations releaseDueReservations() {
        return order.releaseDueReservations();
    }

    public com.bazaar.domain.order.application.ShowSales showSales() {
        return order.showSales();
    }

    // events (the consumers' dead letters)
    public com.bazaar.domain.event.application.RecordDeadLetter recordDeadLetter() {
        return events.recordDeadLetter();
    }

    public com.bazaar.domain.event.application.ListDeadLetters listDeadLetters() {
        return events.listDeadLetters();
    }

    public com.bazaar.domain.event.application.DiscardDeadLetter discardDeadLetter() {
        return events.discardDeadLetter();
    }

    /** Replaying needs the broker the dead letters go back to. */
    public com.bazaar.domain.event.application.ReplayDeadLetters replayDeadLetters(
            com.bazaar.domain.event.Redelivery redelivery) {
        return events.replay(redelivery);
    }

    // payment
    public AuthorizePayment authorizePayment() {
        return payment.authorizePayment();
    }

    public CapturePayment capturePayment() {
        return payment.capturePayment();
    }

    public VoidPayment voidPayment() {
        return payment.voidPayment();
    }

    public ShowPayment showPayment() {
        return payment.showPayment();
    }

    public IssueRefund issueRefund() {
        return payment.issueRefund();
    }

    public ListRefunds listRefunds() {
        return payment.listRefunds();
    }

    public SettleInDoubtPayments settleInDoubtPayments() {
        return payment.settleInDoubtPayments();
    }

    public LedgerReport ledgerReport() {
        return payment.ledgerReport();
    }

    // reconciliation
    public RunReconciliation runReconciliation() {
        return reconciliation.runReconciliation();
    }

    public ReconciliationReport reconciliationReport() {
        return reconciliation.reconciliationReport();
    }

    public ListReconciliationRuns listReconciliationRuns() {
        return reconciliation.listReconciliationRuns();
    }

    public ResolveDiscrepancy resolveDiscrepancy() {
        return reconciliation.resolveDiscrepancy();
    }

    public ShowSettlementProblems showSettlementProblems() {
        return reconciliation.showSettlementProblems();
    }

    // operations
    public StartOperationsServer startOperationsServer() {
        return operations.startOperationsServer();
    }

    public ControlJobs controlJobs() {
        return operations.controlJobs();
    }

    // events
    /**
     * The outbox relay publishing through {@code publisher}. Its lease takes a connection of its own from this
     * database's data source for as long as it is held: use it over a pool, not the single connection of a command.
     */
    public RelayEvents relayEvents(EventPublisher publisher) {
        return relayEvents(publisher, RelayEvents.DEFAULT_BATCH);
    }

    /** The relay with batches of another size than {@link RelayEvents#DEFAULT_BATCH} (tests, benchmarks). */
    public RelayEvents relayEvents(EventPublisher publisher, int batchSize) {
        return Features.Events.relay(adapters, publisher, batchSize);
    }

    public ShowEventBacklog showEventBacklog() {
        return events.showEventBacklog();
    }

    /**
     * What the {@code cache-invalidation} consumer evicts with: the seller of the changed product or of the event,
     * looked up in the database, made stale in the cache; throws when the cache does not answer (the record is retried).
     * Only with a cache.
     */
    public com.bazaar.events.consumers.CacheInvalidation.Evictions cacheEvictions() {
        ReadCache cache = adapters.cache().orElseThrow(() -> new IllegalStateException("no cache is configured"));
        Adapters a = adapters;
        return new com.bazaar.events.consumers.CacheInvalidation.Evictions() {
            @Override
            public boolean productChanged(com.bazaar.domain.catalog.ProductId product, java.time.Instant occurredAt) {
                return evict(a.transactions().inTransaction(() -> a.products().sellerOf(product)), occurredAt);
            }

            @Override
            public boolean sellerChanged(com.bazaar.domain.seller.SellerCode seller, java.time.Instant occurredAt) {
                return evict(a.transactions().inTransaction(() -> a.sellers().byCode(seller))
                        .map(com.bazaar.domain.seller.Seller::id), occurredAt);
            }

            private boolean evict(Optional<com.bazaar.domain.seller.SellerId> seller, java.time.Instant occurredAt) {
                if (seller.isEmpty()) {
                    return false;
                }
                if (!cache.invalidate(seller.get(), ReadCache.Source.EVENT)) {
                    throw new IllegalStateException("the cache at " + cache.settings().shown() + " does not answer");
                }
                cache.evictedAfter(occurredAt, a.clock().instant());
                return true;
            }
        };
    }
}
