package com.bazaar.postgres;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;

/** A DataSource with the JDBC client and transaction manager every adapter of one runtime shares. */
public final class Database {

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final DataSourceTransactionManager transactionManager;

    public Database(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.transactionManager = new DataSourceTransactionManager(dataSource);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public JdbcClient jdbc() {
        return jdbc;
    }

    public DataSourceTransactionManager transactionManager() {
        return transactionManager;
    }
}
