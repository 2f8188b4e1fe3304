package com.bazaar.batch.jobs;

import com.bazaar.domain.operations.application.ControlJobs;
import com.bazaar.domain.seller.application.CreateSeller;
import com.bazaar.domain.support.Guard;
import com.bazaar.domain.catalog.application.ImportCatalog;
import com.bazaar.domain.identity.application.InitializeBazaar;
import com.bazaar.domain.audit.AuditKey;
import com.bazaar.domain.audit.AuditKeys;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.identity.Role;
import com.bazaar.domain.identity.UserName;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.CorrelationId;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Idempotency;
import com.bazaar.postgres.Database;
import com.bazaar.postgres.JdbcAuditTrail;
import com.bazaar.postgres.JdbcCatalogImports;
import com.bazaar.postgres.JdbcIdempotencyKeys;
import com.bazaar.postgres.JdbcInstallation;
import com.bazaar.postgres.JdbcOutbox;
import com.bazaar.postgres.JdbcSellers;
import com.bazaar.postgres.JdbcUsers;
import com.bazaar.postgres.PostgresTransactions;
import com.bazaar.testsupport.TestDatabase;
import com.bazaar.testsupport.TestDatabases;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A fresh, migrated PostgreSQL with an initialised installation (its admin), the domain use cases the catalog import
 * job needs over it, and a jobs facade as a front end builds it: what the job-level tests of this module run on.
 */
final class JobsFixture implements AutoCloseable {

    final TestDatabase db;
    final JdbcClient sql;
    final Actor admin;
    final ControlJobs control;
    private final Database database;
    private final CreateSeller createSeller;
    private final ImportCatalog importCatalog;
    private final JdbcCatalogImports catalogImports;
    private final java.util.List<Jobs> opened = new java.util.ArrayList<>();

    JobsFixture() {
        db = TestDatabases.fresh();
        database = new Database(db.dataSource());
        sql = new Database(db.adminDataSource()).jdbc();
        var clock = Clock.systemUTC();
        var tx = new PostgresTransactions(database);
        var users = new JdbcUsers(database);
        var sellers = new JdbcSellers(database);
        var audit = new JdbcAuditTrail(database, new KeyInMemory());
        var guard = new Guard(tx, audit, clock);
        var outbox = new JdbcOutbox(database);
        var secrets = (com.bazaar.domain.identity.Secrets) count -> {
            byte[] bytes = new byte[count];
            new SecureRandom().nextBytes(bytes);
            return bytes;
        };
        var token = new InitializeBazaar(tx, new JdbcInstallation(database), users, audit, secrets, clock)
                .initialise(new InitializeBazaar.Command(UserName.of("admin"), new CorrelationId("jobs-test")))
                .token().secret();
        admin = new com.bazaar.domain.identity.application.Authenticate(tx, users, sellers)
                .authenticate(token, new CorrelationId("jobs-test")).actor();
        createSeller = new CreateSeller(tx, guard, sellers, audit, new Idempotency(new JdbcIdempotencyKeys(database)),
                clock);
        catalogImports = new JdbcCatalogImports(database);
        importCatalog = new ImportCatalog(tx, guard, sellers, catalogImports, audit, outbox, clock);
        control = new ControlJobs(guard, sellers);
    }

    Seller seller(String code) {
        return createSeller.create(new CreateSeller.Command(admin, Optional.empty(),
                new Seller.Draft(SellerCode.of(code), code + " Ltd", CurrencyCode.of("USD")))).seller();
    }

    /** A user bound to this seller, with the seller role. */
    Actor sellerUser(Seller seller) {
        return new Actor(Optional.empty(), seller.code().value().toLowerCase() + "-ops", Set.of(Role.SELLER),
                Optional.of(seller.id()), Optional.empty(), new CorrelationId("jobs-test"));
    }

    /** A jobs facade over this database with the catalog import job, as a command builds one (closed with this). */
    Jobs jobs() {
        return jobs(imports -> imports);
    }

    /** A jobs facade whose catalog import stages through {@code staging} wrapped around the database's port. */
    Jobs jobs(java.util.function.UnaryOperator<com.bazaar.domain.catalog.CatalogImports> staging) {
        var jobs = new Jobs(db.dataSource(), database.transactionManager(), control,
                new PrintWriter(new StringWriter()), false, Jobs.RunGuard.NONE,
                List.of(StandardJobs.catalogImport(staging.apply(catalogImports), importCatalog)));
        opened.add(jobs);
        return jobs;
    }

    long count(String query) {
        return sql.sql(query).query(Long.class).single();
    }

    @Override
    public void close() {
        opened.forEach(Jobs::close);
    }

    /** The installation's audit key, kept in memory for the test. */
    private static final class KeyInMemory implements AuditKeys {
        private final AuditKey key;

        KeyInMemory() {
            byte[] secret = new byte[AuditKey.SECRET_BYTES];
            new SecureRandom().nextBytes(secret);
            key = AuditKey.of(secret, 1);
        }

        @Override
        public String location() {
            return "memory";
        }

        @Override
        public Optional<AuditKey> find() {
            return Optional.of(key);
        }

        @Override
        public AuditKey key() {
            return key;
        }

        @Override
        public void create(AuditKey key) {
            throw new UnsupportedOperationException("the test's key exists");
        }
    }
}
