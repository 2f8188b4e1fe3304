package com.bazaar.testsupport;

import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;

/**
 * One freshly migrated database of its own, for one test class, with three logins: the application's
 * ({@code bazaar_app}: what the product under test gets, as in production), the schema owner's ({@code bazaar_owner}:
 * migrations) and the server's administrator (a superuser: setup, inspection and attacks from outside).
 */
public record TestDatabase(String jdbcUrl, String name, Login app, Login owner, Login admin) {

    /** A user name and its password (null where the server trusts the connection). */
    public record Login(String user, String password) {
        @Override
        public String toString() {
            return "Login[" + user + "]";
        }
    }

    /** The application's user: what the product gets. */
    public String user() {
        return app.user();
    }

    /** The application's password: what the product gets. */
    public String password() {
        return app.password();
    }

    /** Connections as the application ({@code bazaar_app}), as every command runs. */
    public DataSource dataSource() {
        return dataSource(app);
    }

    /** Connections as the schema owner ({@code bazaar_owner}), as migrations run. */
    public DataSource ownerDataSource() {
        return dataSource(owner);
    }

    /** Connections as the server's superuser: for test setup, for looking behind the product, and for attacks. */
    public DataSource adminDataSource() {
        return dataSource(admin);
    }

    private DataSource dataSource(Login login) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        ds.setUser(login.user());
        if (login.password() != null) {
            ds.setPassword(login.password());
        }
        return ds;
    }

    @Override
    public String toString() {
        return "TestDatabase[" + jdbcUrl + "]";
    }
}
