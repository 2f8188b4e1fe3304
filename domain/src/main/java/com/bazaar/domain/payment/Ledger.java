package com.bazaar.domain.payment;

import com.bazaar.domain.shared.Money;

import java.util.List;

/** Port: the double-entry ledger. */
public interface Ledger {

    void post(LedgerTransaction transaction);

    /** The balance of every account, per currency. */
    List<Balance> balances();

    /** Transactions whose postings do not sum to zero in some currency (must always be empty). */
    List<String> unbalancedTransactions();

    /** The sum of all postings per currency (must always be zero). */
    List<Money> totals();

    record Balance(String account, Money balance) {
    }
}
