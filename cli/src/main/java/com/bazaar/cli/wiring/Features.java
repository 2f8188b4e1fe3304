package com.bazaar.cli.wiring;

import com.bazaar.domain.audit.AuditAnchoring;
import com.bazaar.domain.audit.application.AnchorAuditChain;
import com.bazaar.domain.audit.application.ExportAudit;
import com.bazaar.domain.audit.application.KeyAuditTrail;
import com.bazaar.domain.audit.application.ShowAuditLog;
import com.bazaar.domain.audit.application.VerifyAuditChain;
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
import com.bazaar.domain.order.application.OrderPorts;
import com.bazaar.domain.order.application.PlaceOrder;
import com.bazaar.domain.order.application.ReleaseExpiredReservations;
import com.bazaar.domain.order.application.ShipOrder;
import com.bazaar.domain.order.application.ShowOrder;
import com.bazaar.domain.order.application.ShowSales;
import com.bazaar.domain.order.application.TakeOrderRequest;
import com.bazaar.domain.order.application.ProjectSales;
import com.bazaar.domain.order.application.ReleaseDueReservations;
import com.bazaar.domain.order.application.ScheduleReservationExpiry;
import com.bazaar.domain.event.application.DiscardDeadLetter;
import com.bazaar.domain.event.application.ListDeadLetters;
import com.bazaar.domain.event.application.RecordDeadLetter;
import com.bazaar.domain.event.application.ReplayDeadLetters;
import com.bazaar.domain.event.Redelivery;
import com.bazaar.domain.payment.application.AuthorizePayment;
import com.bazaar.domain.payment.application.CapturePayment;
import com.bazaar.domain.payment.application.IssueRefund;
import com.bazaar.domain.payment.application.LedgerReport;
import com.bazaar.domain.payment.application.ListRefunds;
import com.bazaar.domain.payment.application.PaymentPorts;
import com.bazaar.domain.payment.application.SettleInDoubtPayments;
import com.bazaar.domain.payment.application.ShowPayment;
import com.bazaar.domain.payment.application.VoidPayment;
import com.bazaar.domain.pricing.application.CreateDiscount;
import com.bazaar.domain.pricing.application.QuotePrice;
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

/** The use cases of each domain feature module, wired from the shared {@link Adapters}: one record per module. */
final class Features {

    private Features() {
    }

    record Identity(InitializeBazaar initialize, Authenticate authenticate, CreateUser createUser,
                    RevokeUser revokeUser, ListUsers listUsers) {
        static Identity wire(Adapters a, Secrets secrets) {
            return new Identity(
                    new InitializeBazaar(a.transactions(), a.installation(), a.users(), a.audit(), secrets, a.clock()),
                    new Authenticate(a.transactions(), a.users(), a.sellers()),
                    new CreateUser(a.transactions(), a.guard(), a.users(), a.sellers(), a.audit(), a.idempotency(),
                            secrets, a.clock()),
                    new RevokeUser(a.transactions(), a.guard(), a.users(), a.sellers(), a.audit(), a.clock()),
                    new ListUsers(a.transactions(), a.guard(), a.users(), a.sellers()));
        }
    }

    record Seller(CreateSeller createSeller, ShowSeller showSeller, ListSellers listSellers,
                  SuspendSeller suspendSeller, ReinstateSeller reinstateSeller) {
        static Seller wire(Adapters a) {
            return new Seller(
                    new CreateSeller(a.transactions(), a.guard(), a.sellers(), a.audit(), a.idempotency(), a.clock()),
                    new ShowSeller(a.transactions(), a.guard(), a.sellers()),
                    new ListSellers(a.transactions(), a.guard(), a.sellers()),
                    new SuspendSeller(a.transactions(), a.guard(), a.sellers(), a.audit(), a.clock()),
                    new ReinstateSeller(a.transactions(), a.guard(), a.sellers(), a.audit(), a.clock()));
        }
    }

    record Audit(ShowAuditLog showAuditLog, VerifyAuditChain verifyAuditChain, AnchorAuditChain anchorAuditChain,
                 KeyAuditTrail keyAuditTrail, ExportAudit exportAudit) {
        static Audit wire(Adapters a, AuditAnchoring anchoring, Secrets secrets) {
            return new Audit(
                    new ShowAuditLog(a.transactions(), a.guard(), a.audit()),
                    new VerifyAuditChain(a.transactions(), a.guard(), a.audit(), anchoring),
                    new AnchorAuditChain(a.transactions(), a.guard(), a.audit(), anchoring, a.clock()),
                    new KeyAuditTrail(a.transactions(), a.audit(), anchoring, secrets, a.clock()),
                    new ExportAudit(a.transactions(), a.guard(), a.audit(), a.clock()));
        }
    }

    record Catalog(CreateProduct createProduct, ShowProduct showProduct, ChangeProduct changeProduct,
                   ImportCatalog importCatalog) {
        static Catalog wire(Adapters a) {
            return new Catalog(
                    new CreateProduct(a.transactions(), a.guard(), a.sellers(), a.products(), a.stock(), a.audit(),
                            a.outbox(), a.idempotency(), a.clock()),
                    new ShowProduct(a.transactions(), a.guard(), a.sellers(), a.readProducts(), a.stock()),
                    new ChangeProduct(a.transactions(), a.guard(), a.sellers(), a.products(), a.stock(), a.audit(),
                            a.outbox(), a.clock()),
                    new ImportCatalog(a.transactions(), a.guard(), a.sellers(), a.catalogImports(), a.audit(),
                            a.outbox(), a.clock()));
        }
    }

    record Inventory(AdjustStock adjustStock, SyncInventory syncInventory, SplitStock splitStock) {
        static Inventory wire(Adapters a) {
            return new Inventory(
                    new AdjustStock(a.transactions(), a.guard(), a.sellers(), a.products(), a.stock(), a.audit(),
                            a.outbox(), a.clock()),
                    new SyncInventory(a.transactions(), a.guard(), a.sellers(), a.inventorySyncs(), a.audit(),
                            a.outbox(), a.clock()),
                    new SplitStock(a.transactions(), a.guard(), a.sellers(), a.products(), a.stock(), a.audit(),
                            a.outbox(), a.clock()));
        }
    }

    record Pricing(CreateDiscount createDiscount, QuotePrice quotePrice) {
        static Pricing wire(Adapters a) {
            return new Pricing(
                    new CreateDiscount(a.transactions(), a.guard(), a.sellers(), a.discounts(), a.audit(), a.outbox(),
                            a.idempotency(), a.clock()),
                    new QuotePrice(a.transactions(), a.guard(), a.sellers(), a.readProducts(), a.readDiscounts(),
                            a.clock()));
        }
    }

    record Order(PlaceOrder placeOrder, CancelOrder cancelOrder, ShipOrder shipOrder, DeliverOrder deliverOrder,
                 ListOrders listOrders, ShowOrder showOrder, ReleaseExpiredReservations releaseExpired,
                 TakeOrderRequest takeOrderRequest, ProjectSales projectSales, ShowSales showSales,
                 ScheduleReservationExpiry scheduleReservationExpiry, ReleaseDueReservations releaseDueReservations) {
        static Order wire(Adapters a, Services.Settings settings) {
            var ports = new OrderPorts(a.transactions(), a.guard(), a.sellers(), a.orders(), a.reservations(),
                    a.stock(), a.payments(), a.audit(), a.outbox(), a.clock());
            var placeOrder = new PlaceOrder(a.transactions(), a.guard(), a.sellers(), a.products(), a.stock(),
                    a.orders(), a.audit(), a.outbox(), a.idempotency(), a.clock(),
                    settings.reservationTtl(), a.payments(), a.discounts(), a.orderRefusals(), a.limits(),
                    a.orderPlacements());
            return new Order(placeOrder,
                    new CancelOrder(ports), new ShipOrder(ports), new DeliverOrder(ports), new ListOrders(ports),
                    new ShowOrder(ports), new ReleaseExpiredReservations(ports),
                    new TakeOrderRequest(a.transactions(), a.guard(), a.users(), placeOrder),
                    new ProjectSales(a.transactions(), a.processedEvents(), a.salesDays(), a.soldOrders(), a.clock()),
                    new ShowSales(a.transactions(), a.guard(), a.sellers(), a.salesDays()),
                    new ScheduleReservationExpiry(a.transactions(), a.processedEvents(), a.reservationExpiries(),
                            a.clock()),
                    new ReleaseDueReservations(ports, a.reservationExpiries()));
        }
    }

    record Payment(AuthorizePayment authorizePayment, CapturePayment capturePayment, VoidPayment voidPayment,
                   ShowPayment showPayment, IssueRefund issueRefund, ListRefunds listRefunds,
                   SettleInDoubtPayments settleInDoubtPayments, LedgerReport ledgerReport) {
        static Payment wire(Adapters a, Services.Settings settings) {
            var ports = new PaymentPorts(a.transactions(), a.guard(), a.payments(), a.refunds(), a.orders(),
                    a.sellers(), a.reservations(), a.stock(), a.ledger(), a.provider(), a.audit(), a.outbox(),
                    a.idempotency(), a.clock(), settings.commissionBasisPoints());
            return new Payment(new AuthorizePayment(ports), new CapturePayment(ports), new VoidPayment(ports),
                    new ShowPayment(ports), new IssueRefund(ports), new ListRefunds(ports),
                    new SettleInDoubtPayments(ports), new LedgerReport(a.transactions(), a.guard(), a.ledger()));
        }
    }

    record Reconciliation(RunReconciliation runReconciliation, ReconciliationReport reconciliationReport,
                          ListReconciliationRuns listReconciliationRuns, ResolveDiscrepancy resolveDiscrepancy,
                          ShowSettlementProblems showSettlementProblems) {
        static Reconciliation wire(Adapters a, Services.Settings settings) {
            return new Reconciliation(
                    new RunReconciliation(a.transactions(), a.guard(), a.reconciliations(), a.audit(), a.outbox(),
                            a.clock()),
                    new ReconciliationReport(a.transactions(), a.guard(), a.reconciliations()),
                    new ListReconciliationRuns(a.transactions(), a.guard(), a.reconciliations()),
                    new ResolveDiscrepancy(a.transactions(), a.guard(), a.reconciliations(), a.audit(), a.outbox(),
                            a.clock(), settings.writeOffApprovalMinor()),
                    new ShowSettlementProblems(a.transactions(), a.guard(), a.reconciliations()));
        }
    }

    record Operations(StartOperationsServer startOperationsServer, ControlJobs controlJobs) {
        static Operations wire(Adapters a) {
            return new Operations(new StartOperationsServer(a.transactions(), a.guard(), a.audit(), a.clock()),
                    new ControlJobs(a.guard(), a.sellers()));
        }
    }

    /**
     * The event module's use cases over the database: the relay's backlog and the consumers' dead letters; the relay
     * itself ({@link #relay}) and a replay ({@link #replay}) also need the broker.
     */
    record Events(ShowEventBacklog showEventBacklog, RecordDeadLetter recordDeadLetter,
                  ListDeadLetters listDeadLetters, DiscardDeadLetter discardDeadLetter, Adapters adapters) {
        static Events wire(Adapters a) {
            return new Events(new ShowEventBacklog(a.guard(), a.unpublishedEvents(), a.deadLetters()),
                    new RecordDeadLetter(a.transactions(), a.deadLetters()),
                    new ListDeadLetters(a.transactions(), a.guard(), a.deadLetters()),
                    new DiscardDeadLetter(a.transactions(), a.guard(), a.deadLetters(), a.audit(), a.clock()), a);
        }

        /** The relay over this database's outbox and lease, publishing through the given publisher. */
        static RelayEvents relay(Adapters a, EventPublisher publisher, int batchSize) {
            return new RelayEvents(a.guard(), a.unpublishedEvents(), a.relayLease(), publisher, a.clock(), batchSize);
        }

        ReplayDeadLetters replay(Redelivery redelivery) {
            Adapters a = adapters;
            return new ReplayDeadLetters(a.transactions(), a.guard(), a.deadLetters(), redelivery, a.audit(), a.clock());
        }
    }
}
