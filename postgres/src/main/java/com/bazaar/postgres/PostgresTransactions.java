package com.bazaar.postgres;

import com.bazaar.domain.shared.Transactions;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.function.Supplier;

/** {@link Transactions} on a Spring transaction template: nested calls join the outer transaction. */
public final class PostgresTransactions implements Transactions {

    private final TransactionTemplate template;

    public PostgresTransactions(Database database) {
        this.template = new TransactionTemplate(database.transactionManager());
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return template.execute(status -> work.get());
    }

    @Override
    public boolean active() {
        return TransactionSynchronizationManager.isActualTransactionActive();
    }
}
