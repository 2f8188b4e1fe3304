package com.bazaar.testsupport;

import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;

/** One freshly migrated database of its own, for one test class. */
public record TestDatabase(String jdbcUrl, String user, String password, String name) {

    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        ds.setUser(user);
        if (password != null) {
            ds.setPassword(password);
        }
        return ds;
    }

    @Override
    public String toString() {
        return "TestDatabase[" + jdbcUrl + "]";
    }
}
