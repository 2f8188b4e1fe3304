package com.bazaar.domain.payment;

import com.bazaar.domain.shared.MoneyTotal;

import java.util.List;

/** Port: the double-entry ledger. */
public interface Ledger {

    void post(LedgerTransaction transaction);

    /** The balance of every account, per currency (summed as {@code numeric}: a balance never overflows). */
    List<Balance> balances();

    /** Transactions whose postings do not sum to zero in some currency (must always be empty). */
    List<String> unbalancedTransactions();

    /** The sum of all postings per currency (must always be zero), summed as {@code numeric}. */
    List<MoneyTotal> totals();

    record Balance(String account, MoneyTotal balance) {
    }
}
