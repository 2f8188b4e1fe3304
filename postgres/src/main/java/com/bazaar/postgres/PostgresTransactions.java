package com.bazaar.postgres;

import com.bazaar.domain.shared.Transactions;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.function.Supplier;

/**
 * {@link Transactions} on Spring transaction templates: nested calls join the outer transaction. {@link #readOnly}
 * opens a read-only transaction, which a {@code ReadRouting} data source sends to a read replica.
 */
public final class PostgresTransactions implements Transactions {

    private final TransactionTemplate template;
    private final TransactionTemplate readOnlyTemplate;
    private final TransactionTemplate savepointTemplate;

    public PostgresTransactions(Database database) {
        this.template = new TransactionTemplate(database.transactionManager());
        this.readOnlyTemplate = new TransactionTemplate(database.transactionManager());
        this.readOnlyTemplate.setReadOnly(true);
        this.savepointTemplate = new TransactionTemplate(database.transactionManager());
        this.savepointTemplate.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED); // a JDBC savepoint
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return template.execute(status -> work.get());
    }

    @Override
    public <T> T readOnly(Supplier<T> work) {
        return readOnlyTemplate.execute(status -> work.get());
    }

    @Override
    public <T> T undoableStep(Supplier<T> work) {
        if (!active()) {
            throw new IllegalStateException("an undoable step runs inside a transaction");
        }
        return savepointTemplate.execute(status -> work.get());
    }

    @Override
    public boolean active() {
        return TransactionSynchronizationManager.isActualTransactionActive();
    }
}
