package com.bazaar.cli.wiring;

import com.bazaar.cache.CachedDiscounts;
import com.bazaar.cache.CachedProducts;
import com.bazaar.cache.InvalidatingCatalogImports;
import com.bazaar.cache.InvalidatingDiscounts;
import com.bazaar.cache.InvalidatingProducts;
import com.bazaar.cache.ReadCache;
import com.bazaar.cache.RedisRateLimiter;
import com.bazaar.domain.audit.AuditAnchoring;
import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.catalog.CatalogImports;
import com.bazaar.domain.catalog.Products;
import com.bazaar.domain.event.Outbox;
import com.bazaar.domain.event.RelayLease;
import com.bazaar.domain.event.UnpublishedEvents;
import com.bazaar.domain.identity.Installation;
import com.bazaar.domain.identity.Users;
import com.bazaar.domain.inventory.InventorySyncs;
import com.bazaar.domain.inventory.StockLevels;
import com.bazaar.domain.order.OrderRefusals;
import com.bazaar.domain.order.Orders;
import com.bazaar.domain.order.Reservations;
import com.bazaar.domain.payment.Ledger;
import com.bazaar.domain.payment.PaymentProvider;
import com.bazaar.domain.payment.Payments;
import com.bazaar.domain.payment.Refunds;
import com.bazaar.domain.pricing.Discounts;
import com.bazaar.domain.reconciliation.Reconciliations;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Idempotency;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.limits.CommandLimit;
import com.bazaar.domain.support.Guard;
import com.bazaar.postgres.Database;
import com.bazaar.postgres.JdbcAuditTrail;
import com.bazaar.postgres.JdbcCatalogImports;
import com.bazaar.postgres.JdbcDiscounts;
import com.bazaar.postgres.JdbcIdempotencyKeys;
import com.bazaar.postgres.JdbcInstallation;
import com.bazaar.postgres.JdbcInventorySyncs;
import com.bazaar.postgres.JdbcLedger;
import com.bazaar.postgres.JdbcOrderRefusals;
import com.bazaar.postgres.JdbcOrders;
import com.bazaar.postgres.JdbcOutbox;
import com.bazaar.postgres.JdbcPayments;
import com.bazaar.postgres.JdbcProducts;
import com.bazaar.postgres.JdbcReconciliations;
import com.bazaar.postgres.JdbcRelayLease;
import com.bazaar.postgres.JdbcRefunds;
import com.bazaar.postgres.JdbcReservations;
import com.bazaar.postgres.JdbcSellers;
import com.bazaar.postgres.JdbcStockLevels;
import com.bazaar.postgres.JdbcUnpublishedEvents;
import com.bazaar.postgres.JdbcUsers;
import com.bazaar.postgres.PostgresTransactions;
import com.bazaar.postgres.simulator.SimulatedPaymentProvider;

import java.time.Clock;
import java.util.Optional;

/**
 * Every port of the domain, implemented over one database, built once and shared by the feature wirings. The
 * payment provider is the simulator (its behaviour from the settings) until a real provider's adapter exists.
 */
record Adapters(Database database, Clock clock, Transactions transactions, Guard guard, AuditTrail audit,
                Outbox outbox, Idempotency idempotency, Users users, Installation installation, Sellers sellers,
                Products products, StockLevels stock, CatalogImports catalogImports, InventorySyncs inventorySyncs,
                Orders orders, com.bazaar.domain.order.application.OrderPlacements orderPlacements, Reservations reservations,
                OrderRefusals orderRefusals, Discounts discounts,
                Payments payments, Refunds refunds, Ledger ledger, PaymentProvider provider,
                Reconciliations reconciliations, UnpublishedEvents unpublishedEvents, RelayLease relayLease,
                com.bazaar.domain.event.ProcessedEvents processedEvents,
                com.bazaar.domain.event.DeadLetters deadLetters, com.bazaar.domain.order.SalesDays salesDays,
                com.bazaar.domain.order.SoldOrders soldOrders,
                com.bazaar.domain.order.ReservationExpiries reservationExpiries,
                com.bazaar.domain.limits.Limits limits, Products readProducts, Discounts readDiscounts,
                Optional<ReadCache> cache) {

    /**
     * With a cache, the writers' ports make the seller's cached entries stale after each commit that changes a
     * product, a price or a discount rule, and the read-only use cases get the cached ports ({@link #readProducts},
     * {@link #readDiscounts}); without one, those are the database's. The rate-limit buckets are PostgreSQL's, or
     * Redis's when the settings name one (PostgreSQL's answering while it does not).
     */
    static Adapters over(Database database, Clock clock, AuditAnchoring anchoring, Services.Settings settings,
                         Optional<ReadCache> cache, Optional<CommandLimit> commandsOf) {
        Transactions tx = new PostgresTransactions(database);
        AuditTrail audit = new JdbcAuditTrail(database, anchoring.keys());
        com.bazaar.domain.limits.RateLimiter postgresBuckets = new com.bazaar.postgres.PostgresRateLimiter(database);
        com.bazaar.domain.limits.RateLimiter buckets = settings.redisBuckets()
                .<com.bazaar.domain.limits.RateLimiter>map(redis -> new RedisRateLimiter(redis, postgresBuckets))
                .orElse(postgresBuckets);
        var limits = new com.bazaar.domain.limits.Limits(settings.rateLimits(), buckets,
                new com.bazaar.postgres.JdbcLimitRefusals(database), audit, tx, clock);
        // the commands of this process charged once, also through the services of the jobs they start
        CommandLimit commands = commandsOf.map(shared -> shared.sharedWith(limits))
                .orElseGet(() -> new CommandLimit(limits));
        Products products = new JdbcProducts(database);
        Discounts discounts = new JdbcDiscounts(database);
        CatalogImports imports = new JdbcCatalogImports(database);
        Products readProducts = products;
        Discounts readDiscounts = discounts;
        if (cache.isPresent()) {
            readProducts = new CachedProducts(products, cache.get());
            readDiscounts = new CachedDiscounts(discounts, cache.get());
            products = new InvalidatingProducts(products, cache.get());
            discounts = new InvalidatingDiscounts(discounts, cache.get());
            imports = new InvalidatingCatalogImports(imports, cache.get());
        }
        return new Adapters(database, clock, tx, new Guard(tx, audit, clock, commands), audit, new JdbcOutbox(database),
                new Idempotency(new JdbcIdempotencyKeys(database)), new JdbcUsers(database),
                new JdbcInstallation(database), new JdbcSellers(database), products,
                new JdbcStockLevels(database), imports, new JdbcInventorySyncs(database),
                new JdbcOrders(database), new com.bazaar.postgres.JdbcOrderPlacements(database),
                new JdbcReservations(database), new JdbcOrderRefusals(database),
                discounts, new JdbcPayments(database), new JdbcRefunds(database),
                new JdbcLedger(database),
                new SimulatedPaymentProvider(database, SimulatedPaymentProvider.Behaviour.parse(settings.simulator())),
                new JdbcReconciliations(database), new JdbcUnpublishedEvents(database),
                new JdbcRelayLease(database.dataSource()), new com.bazaar.postgres.JdbcProcessedEvents(database),
                new com.bazaar.postgres.JdbcDeadLetters(database), new com.bazaar.postgres.JdbcSalesDays(database),
                new com.bazaar.postgres.JdbcSoldOrders(database), new com.bazaar.postgres.JdbcReservationExpiries(database),
                limits, readProducts, readDiscounts, cache);
    }
}
