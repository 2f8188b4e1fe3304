package com.bazaar.cli.wiring;

import com.bazaar.domain.application.Authenticate;
import com.bazaar.domain.application.CreateSeller;
import com.bazaar.domain.application.CreateUser;
import com.bazaar.domain.application.Guard;
import com.bazaar.domain.application.InitializeBazaar;
import com.bazaar.domain.application.ListSellers;
import com.bazaar.domain.application.ListUsers;
import com.bazaar.domain.application.ReinstateSeller;
import com.bazaar.domain.application.RevokeUser;
import com.bazaar.domain.application.ShowAuditLog;
import com.bazaar.domain.application.ShowSeller;
import com.bazaar.domain.application.SuspendSeller;
import com.bazaar.domain.application.VerifyAuditChain;
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

    public Services(Database database, Clock clock, Secrets secrets) {
        this.database = database;
        this.clock = clock;
        this.migrations = new Migrations(database.dataSource());
        Transactions tx = new PostgresTransactions(database);
        Users users = new JdbcUsers(database);
        Sellers sellers = new JdbcSellers(database);
        AuditTrail audit = new JdbcAuditTrail(database);
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
        this.verifyAuditChain = new VerifyAuditChain(tx, guard, audit);
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

    public VerifyAuditChain verifyAuditChain() {
        return verifyAuditChain;
    }
}
