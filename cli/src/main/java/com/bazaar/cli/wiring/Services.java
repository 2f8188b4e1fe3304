package com.bazaar.cli.wiring;

import com.bazaar.domain.inventory.application.AdjustStock;
import com.bazaar.domain.identity.application.Authenticate;
import com.bazaar.domain.order.application.ChangeOrder;
import com.bazaar.domain.catalog.application.ChangeProduct;
import com.bazaar.domain.catalog.application.CreateProduct;
import com.bazaar.domain.order.application.PlaceOrder;
import com.bazaar.domain.order.application.ReleaseExpiredReservations;
import com.bazaar.domain.catalog.application.ShowProduct;
import com.bazaar.domain.catalog.Products;
import com.bazaar.domain.event.Outbox;
import com.bazaar.domain.inventory.StockLevels;
import com.bazaar.domain.order.Orders;
import com.bazaar.domain.order.Reservations;
import com.bazaar.postgres.JdbcOrders;
import com.bazaar.postgres.JdbcOutbox;
import com.bazaar.postgres.JdbcProducts;
import com.bazaar.postgres.JdbcReservations;
import com.bazaar.postgres.JdbcStockLevels;
import com.bazaar.domain.seller.application.CreateSeller;
import com.bazaar.domain.identity.application.CreateUser;
import com.bazaar.domain.support.Guard;
import com.bazaar.domain.identity.application.InitializeBazaar;
import com.bazaar.domain.seller.application.ListSellers;
import com.bazaar.domain.identity.application.ListUsers;
import com.bazaar.domain.seller.application.ReinstateSeller;
import com.bazaar.domain.identity.application.RevokeUser;
import com.bazaar.domain.audit.application.ShowAuditLog;
import com.bazaar.domain.seller.application.ShowSeller;
import com.bazaar.domain.seller.application.SuspendSeller;
import com.bazaar.domain.audit.application.VerifyAuditChain;
import com.bazaar.domain.audit.application.AnchorAuditChain;
import com.bazaar.domain.audit.application.KeyAuditTrail;
import com.bazaar.domain.audit.AuditAnchoring;
import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.identity.Secrets;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Idempotency;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.identity.Users;
import com.bazaar.postgres.Database;
import com.bazaar.postgres.JdbcAuditTrail;
import com.bazaar.postgres.JdbcIdempotencyKeys;
import com.bazaar.postgres.JdbcInstallation;
import com.bazaar.postgres.JdbcSellers;
import com.bazaar.postgres.JdbcUsers;
import com.bazaar.postgres.Migrations;
import com.bazaar.postgres.PostgresTransactions;

import java.time.Clock;
import java.time.Duration;

/**
 * Every application service wired over one database. Plain constructors, no framework: a command pays only for
 * what it uses. Tests build the same graph over a test database.
 */
public final class Services {

    private final Database database;
    private final Migrations migrations;
    private final Clock clock;
    private final InitializeBazaar initialize;
    private final Authenticate authenticate;
    private final CreateUser createUser;
    private final RevokeUser revokeUser;
    private final ListUsers listUsers;
    private final CreateSeller createSeller;
    private final ShowSeller showSeller;
    private final ListSellers listSellers;
    private final SuspendSeller suspendSeller;
    private final ReinstateSeller reinstateSeller;
    private final ShowAuditLog showAuditLog;
    private final VerifyAuditChain verifyAuditChain;
    private final AnchorAuditChain anchorAuditChain;
    private final KeyAuditTrail keyAuditTrail;
    private final CreateProduct createProduct;
    private final ShowProduct showProduct;
    private final ChangeProduct changeProduct;
    private final AdjustStock adjustStock;
    private final PlaceOrder placeOrder;
    private final ChangeOrder changeOrder;
    private final ReleaseExpiredReservations releaseExpired;
    private final com.bazaar.domain.payment.application.ProcessPayment processPayment;
    private final com.bazaar.domain.refund.application.IssueRefund issueRefund;
    private final com.bazaar.domain.operations.application.StartOperationsServer startOperationsServer;
    private final com.bazaar.domain.payment.application.LedgerReport ledgerReport;
    private final com.bazaar.domain.pricing.application.CreateDiscount createDiscount;
    private final com.bazaar.domain.catalog.application.ImportCatalog importCatalog;
    private final com.bazaar.domain.operations.application.ControlJobs controlJobs;
    private final com.bazaar.domain.inventory.InventorySyncs inventorySyncs;
    private final com.bazaar.domain.inventory.application.SyncInventory syncInventory;
    private final com.bazaar.domain.audit.application.ExportAudit exportAudit;

    public com.bazaar.domain.audit.application.ExportAudit exportAudit() {
        return exportAudit;
    }
    private final com.bazaar.domain.reconciliation.Reconciliations reconciliations;
    private final com.bazaar.domain.reconciliation.application.RunReconciliation runReconciliation;
    private final com.bazaar.domain.reconciliation.application.ReconciliationReport reconciliationReport;
    private final com.bazaar.domain.reconciliation.application.ResolveDiscrepancy resolveDiscrepancy;

    public com.bazaar.domain.reconciliation.Reconciliations reconciliations() {
        return reconciliations;
    }

    public com.bazaar.domain.reconciliation.application.RunReconciliation runReconciliation() {
        return runReconciliation;
    }

    public com.bazaar.domain.reconciliation.application.ReconciliationReport reconciliationReport() {
        return reconciliationReport;
    }

    public com.bazaar.domain.reconciliation.application.ResolveDiscrepancy resolveDiscrepancy() {
        return resolveDiscrepancy;
    }

    public com.bazaar.domain.inventory.InventorySyncs inventorySyncs() {
        return inventorySyncs;
    }

    public com.bazaar.domain.inventory.application.SyncInventory syncInventory() {
        return syncInventory;
    }

    public com.bazaar.domain.operations.application.ControlJobs controlJobs() {
        return controlJobs;
    }
    private final com.bazaar.domain.catalog.CatalogImports catalogImports;

    public com.bazaar.domain.catalog.application.ImportCatalog importCatalog() {
        return importCatalog;
    }

    public com.bazaar.domain.catalog.CatalogImports catalogImports() {
        return catalogImports;
    }
    private final com.bazaar.domain.pricing.application.QuotePrice quotePrice;

    public com.bazaar.domain.pricing.application.CreateDiscount createDiscount() {
        return createDiscount;
    }

    public com.bazaar.domain.pricing.application.QuotePrice quotePrice() {
        return quotePrice;
    }

    /** Settings the services take from the configuration. */
    public record Settings(Duration reservationTtl, int commissionBasisPoints, String simulator,
                           long writeOffApprovalMinor) {
        public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(15), 500,
                "decline=51,unknown=52,pending=53", 10_000);
    }

    public Services(Database database, Clock clock, Secrets secrets, AuditAnchoring anchoring) {
        this(database, clock, secrets, Settings.DEFAULTS, anchoring);
    }

    /** @param anchoring the audit key (every append seals with it) and the anchors file of this host */
    public Services(Database database, Clock clock, Secrets secrets, Settings settings, AuditAnchoring anchoring) {
        this.database = database;
        this.clock = clock;
        this.migrations = new Migrations(database.dataSource());
        Transactions tx = new PostgresTransactions(database);
        Users users = new JdbcUsers(database);
        Sellers sellers = new JdbcSellers(database);
        AuditTrail audit = new JdbcAuditTrail(database, anchoring.keys());
        Idempotency idempotency = new Idempotency(new JdbcIdempotencyKeys(database));
        Guard guard = new Guard(tx, audit, clock);
        this.initialize = new InitializeBazaar(tx, new JdbcInstallation(database), users, audit, secrets, clock);
        this.authenticate = new Authenticate(tx, users, sellers);
        this.createUser = new CreateUser(tx, guard, users, sellers, audit, idempotency, secrets, clock);
        this.revokeUser = new RevokeUser(tx, guard, users, sellers, audit, clock);
        this.listUsers = new ListUsers(tx, guard, users, sellers);
        this.createSeller = new CreateSeller(tx, guard, sellers, audit, idempotency, clock);
        this.showSeller = new ShowSeller(tx, guard, sellers);
        this.listSellers = new ListSellers(tx, guard, sellers);
        this.suspendSeller = new SuspendSeller(tx, guard, sellers, audit, clock);
        this.reinstateSeller = new ReinstateSeller(tx, guard, sellers, audit, clock);
        this.showAuditLog = new ShowAuditLog(tx, guard, audit);
        this.verifyAuditChain = new VerifyAuditChain(tx, guard, audit, anchoring);
        this.anchorAuditChain = new AnchorAuditChain(tx, guard, audit, anchoring, clock);
        this.keyAuditTrail = new KeyAuditTrail(tx, audit, anchoring, secrets, clock);
        this.startOperationsServer = new com.bazaar.domain.operations.application.StartOperationsServer(tx, guard, audit, clock);
        Products products = new JdbcProducts(database);
        StockLevels stock = new JdbcStockLevels(database);
        Orders orders = new JdbcOrders(database);
        Reservations reservations = new JdbcReservations(database);
        Outbox outbox = new JdbcOutbox(database);
        this.createProduct = new CreateProduct(tx, guard, sellers, products, stock, audit, outbox, idempotency, clock);
        this.showProduct = new ShowProduct(tx, guard, sellers, products, stock);
        this.changeProduct = new ChangeProduct(tx, guard, sellers, products, stock, audit, outbox, clock);
        this.adjustStock = new AdjustStock(tx, guard, sellers, products, stock, audit, outbox, clock);
        var payments = new com.bazaar.postgres.JdbcPayments(database);
        var ledger = new com.bazaar.postgres.JdbcLedger(database);
        var provider = new com.bazaar.postgres.simulator.SimulatedPaymentProvider(database,
                com.bazaar.postgres.simulator.SimulatedPaymentProvider.Behaviour.parse(settings.simulator()));
        var discounts = new com.bazaar.postgres.JdbcDiscounts(database);
        this.placeOrder = new PlaceOrder(tx, guard, sellers, products, stock, orders, reservations, audit, outbox,
                idempotency, clock, settings.reservationTtl(), payments, discounts,
                new com.bazaar.postgres.JdbcOrderRefusals(database));
        this.createDiscount = new com.bazaar.domain.pricing.application.CreateDiscount(tx, guard, sellers, discounts, audit,
                outbox, idempotency, clock);
        this.quotePrice = new com.bazaar.domain.pricing.application.QuotePrice(tx, guard, sellers, products, discounts, clock);
        this.catalogImports = new com.bazaar.postgres.JdbcCatalogImports(database);
        this.controlJobs = new com.bazaar.domain.operations.application.ControlJobs(guard, sellers);
        this.inventorySyncs = new com.bazaar.postgres.JdbcInventorySyncs(database);
        this.exportAudit = new com.bazaar.domain.audit.application.ExportAudit(tx, guard, audit, clock);
        this.reconciliations = new com.bazaar.postgres.JdbcReconciliations(database);
        this.runReconciliation = new com.bazaar.domain.reconciliation.application.RunReconciliation(tx, guard, reconciliations, audit,
                outbox, clock);
        this.reconciliationReport = new com.bazaar.domain.reconciliation.application.ReconciliationReport(tx, guard, reconciliations);
        this.resolveDiscrepancy = new com.bazaar.domain.reconciliation.application.ResolveDiscrepancy(tx, guard, reconciliations, audit,
                outbox, clock, settings.writeOffApprovalMinor());
        this.syncInventory = new com.bazaar.domain.inventory.application.SyncInventory(tx, guard, sellers, inventorySyncs, audit,
                outbox, clock);
        this.importCatalog = new com.bazaar.domain.catalog.application.ImportCatalog(tx, guard, sellers, catalogImports, audit,
                outbox, clock);
        this.changeOrder = new ChangeOrder(tx, guard, sellers, orders, reservations, stock, audit, outbox, clock,
                payments);
        this.processPayment = new com.bazaar.domain.payment.application.ProcessPayment(tx, guard, payments, orders, sellers,
                reservations, stock, ledger, provider, audit, outbox, clock, settings.commissionBasisPoints());
        this.issueRefund = new com.bazaar.domain.refund.application.IssueRefund(tx,
                new com.bazaar.domain.support.PaymentAccess(tx, guard, payments, orders, sellers), payments,
                new com.bazaar.postgres.JdbcRefunds(database), ledger, provider, audit, outbox, idempotency, clock);
        this.ledgerReport = new com.bazaar.domain.payment.application.LedgerReport(tx, guard, ledger);
        this.releaseExpired = new ReleaseExpiredReservations(tx, guard, changeOrder, clock);
    }

    public CreateProduct createProduct() {
        return createProduct;
    }

    public ShowProduct showProduct() {
        return showProduct;
    }

    public ChangeProduct changeProduct() {
        return changeProduct;
    }

    public AdjustStock adjustStock() {
        return adjustStock;
    }

    public PlaceOrder placeOrder() {
        return placeOrder;
    }

    public ChangeOrder changeOrder() {
        return changeOrder;
    }

    public ReleaseExpiredReservations releaseExpired() {
        return releaseExpired;
    }

    public com.bazaar.domain.payment.application.ProcessPayment processPayment() {
        return processPayment;
    }

    public com.bazaar.domain.refund.application.IssueRefund issueRefund() {
        return issueRefund;
    }

    public com.bazaar.domain.payment.application.LedgerReport ledgerReport() {
        return ledgerReport;
    }

    public Database database() {
        return database;
    }

    public Migrations migrations() {
        return migrations;
    }

    public Clock clock() {
        return clock;
    }

    public InitializeBazaar initialize() {
        return initialize;
    }

    public Authenticate authenticate() {
        return authenticate;
    }

    public CreateUser createUser() {
        return createUser;
    }

    public RevokeUser revokeUser() {
        return revokeUser;
    }

    public ListUsers listUsers() {
        return listUsers;
    }

    public CreateSeller createSeller() {
        return createSeller;
    }

    public ShowSeller showSeller() {
        return showSeller;
    }

    public ListSellers listSellers() {
        return listSellers;
    }

    public SuspendSeller suspendSeller() {
        return suspendSeller;
    }

    public ReinstateSeller reinstateSeller() {
        return reinstateSeller;
    }

    public ShowAuditLog showAuditLog() {
        return showAuditLog;
    }

    public com.bazaar.domain.operations.application.StartOperationsServer startOperationsServer() {
        return startOperationsServer;
    }

    public VerifyAuditChain verifyAuditChain() {
        return verifyAuditChain;
    }

    public AnchorAuditChain anchorAuditChain() {
        return anchorAuditChain;
    }

    public KeyAuditTrail keyAuditTrail() {
        return keyAuditTrail;
    }
}
