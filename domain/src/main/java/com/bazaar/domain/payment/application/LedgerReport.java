package com.bazaar.domain.payment.application;

import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.payment.Ledger;
import com.bazaar.domain.shared.MoneyTotal;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.support.Guard;

import java.util.List;

/** Reads the ledger: balances per account, and the proof that every transaction and the whole ledger sum to zero. */
public final class LedgerReport {

    /** The check's result: transactions that do not balance, and the grand total per currency. */
    public record Check(List<String> unbalanced, List<MoneyTotal> totals) {
        public boolean balanced() {
            return unbalanced.isEmpty() && totals.stream().allMatch(MoneyTotal::isZero);
        }
    }

    private final Transactions transactions;
    private final Guard guard;
    private final Ledger ledger;

    public LedgerReport(Transactions transactions, Guard guard, Ledger ledger) {
        this.transactions = transactions;
        this.guard = guard;
        this.ledger = ledger;
    }

    public List<Ledger.Balance> balances(Actor actor) {
        guard.require(actor, Action.LEDGER_VIEW, "ledger");
        return transactions.readOnly(ledger::balances);
    }

    public Check check(Actor actor) {
        guard.require(actor, Action.LEDGER_VIEW, "ledger");
        return transactions.readOnly(() -> new Check(ledger.unbalancedTransactions(), ledger.totals()));
    }
}
