package com.bazaar.domain.payment;

import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A double-entry ledger transaction: postings (debits positive, credits negative) that sum to zero in every
 * currency - refused at construction otherwise, and again by a deferred constraint trigger at commit.
 */
public record LedgerTransaction(String reference, List<Posting> postings) {

    /** One line: an account and a signed amount. Accounts: {@code provider:clearing}, {@code seller:ACME:payable}... */
    public record Posting(String account, Money amount) {
        public Posting {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(amount, "amount");
        }
    }

    public LedgerTransaction {
        Objects.requireNonNull(reference, "reference");
        postings = List.copyOf(postings);
        if (postings.size() < 2) {
            throw new IllegalStateException("a ledger transaction has at least two postings");
        }
        Map<CurrencyCode, Money> sums = new HashMap<>();
        for (Posting p : postings) {
            sums.merge(p.amount().currency(), p.amount(), Money::plus);
        }
        sums.forEach((currency, sum) -> {
            if (!sum.isZero()) {
                throw new IllegalStateException("ledger transaction " + reference + " does not balance in " + currency
                        + ": " + sum);
            }
        });
    }

    /** A capture: the provider holds the money; the seller is owed it less the platform's commission. */
    public static LedgerTransaction capture(String reference, String seller, Money amount, int commissionBasisPoints) {
        Money commission = amount.percent(commissionBasisPoints);
        return new LedgerTransaction(reference, List.of(
                new Posting("provider:clearing", amount),
                new Posting("seller:" + seller + ":payable", amount.minus(commission).negate()),
                new Posting("platform:commission", commission.negate())));
    }

    /** A refund: the money leaves the provider, and the seller is owed that much less (commission is kept). */
    public static LedgerTransaction refund(String reference, String seller, Money amount) {
        return new LedgerTransaction(reference, List.of(
                new Posting("provider:clearing", amount.negate()),
                new Posting("seller:" + seller + ":payable", amount)));
    }
}
