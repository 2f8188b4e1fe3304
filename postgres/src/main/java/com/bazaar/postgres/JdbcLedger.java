package com.bazaar.postgres;

import com.bazaar.domain.payment.Ledger;
import com.bazaar.domain.payment.LedgerTransaction;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.MoneyTotal;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;

/**
 * {@link Ledger} in table {@code ledger_postings}; a deferred trigger refuses an unbalanced transaction at commit. Sums
 * are {@code numeric} (PostgreSQL's {@code sum(bigint)}) and are read as {@code BigDecimal}, never with
 * {@code getLong}: a balance over many postings may exceed a {@code long} although every posting is bounded.
 */
public final class JdbcLedger implements Ledger {

    private final JdbcClient jdbc;

    public JdbcLedger(Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public void post(LedgerTransaction transaction) {
        for (LedgerTransaction.Posting p : transaction.postings()) {
            jdbc.sql("INSERT INTO ledger_postings (transaction_ref, account, amount_minor, currency, posted_at)"
                            + " VALUES (:ref, :account, :amount, :currency, now())")
                    .param("ref", transaction.reference()).param("account", p.account())
                    .param("amount", p.amount().minor()).param("currency", p.amount().currency().value()).update();
        }
    }

    @Override
    public List<Balance> balances() {
        return jdbc.sql("SELECT account, currency, sum(amount_minor) AS balance FROM ledger_postings"
                        + " GROUP BY account, currency ORDER BY account, currency")
                .query((rs, n) -> new Balance(rs.getString("account"),
                        MoneyTotal.of(rs.getBigDecimal("balance"), new CurrencyCode(rs.getString("currency"))))).list();
    }

    @Override
    public List<String> unbalancedTransactions() {
        return jdbc.sql("SELECT transaction_ref || ' (' || currency || ' ' || sum(amount_minor) || ')' FROM ledger_postings"
                        + " GROUP BY transaction_ref, currency HAVING sum(amount_minor) <> 0 ORDER BY 1")
                .query(String.class).list();
    }

    @Override
    public List<MoneyTotal> totals() {
        return jdbc.sql("SELECT currency, sum(amount_minor) AS total FROM ledger_postings GROUP BY currency ORDER BY currency")
                .query((rs, n) -> MoneyTotal.of(rs.getBigDecimal("total"), new CurrencyCode(rs.getString("currency"))))
                .list();
    }
}
