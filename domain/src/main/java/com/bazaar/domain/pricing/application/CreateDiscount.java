package com.bazaar.domain.pricing.application;

import com.bazaar.domain.support.Guard;
import com.bazaar.domain.support.Recorder;
import com.bazaar.domain.support.SellerLookup;
import com.bazaar.domain.support.SellerStanding;

import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.catalog.Sku;
import com.bazaar.domain.event.Outbox;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.pricing.DiscountRule;
import com.bazaar.domain.pricing.Discounts;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Idempotency;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.domain.shared.Money;
import com.bazaar.domain.shared.Numbers;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.shared.ValidationException;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Adds a discount rule to a seller's pricing. */
public final class CreateDiscount {

    /**
     * The request, as typed: exactly one of sku / category / all; exactly one of percent (e.g. "12.5") or amount
     * (in the seller's currency); validity from (default now) until (optional).
     */
    public record Command(Actor actor, Optional<IdempotencyKey> idempotencyKey, SellerCode seller, Optional<Sku> sku,
                          Optional<String> category, boolean all, Optional<String> percent, Optional<String> amount,
                          Optional<Instant> from, Optional<Instant> until) {
    }

    private final Transactions transactions;
    private final SellerLookup sellers;
    private final SellerStanding standing;
    private final Discounts discounts;
    private final Recorder recorder;
    private final Idempotency idempotency;
    private final Clock clock;

    public CreateDiscount(Transactions transactions, Guard guard, Sellers sellers, Discounts discounts,
                          AuditTrail audit, Outbox outbox, Idempotency idempotency, Clock clock) {
        this.transactions = transactions;
        this.sellers = new SellerLookup(guard, transactions, sellers);
        this.standing = new SellerStanding(transactions, guard, sellers);
        this.discounts = discounts;
        this.recorder = new Recorder(audit, outbox);
        this.idempotency = idempotency;
        this.clock = clock;
    }

    static int basisPoints(String percent) {
        String raw = percent == null ? "" : percent.strip();
        // ASCII digits only (BigDecimal alone would read fullwidth or Arabic-Indic digits too)
        if (!Numbers.isPlainDecimal(raw) || raw.length() > 40) {
            throw new ValidationException("DISCOUNT_PERCENT_INVALID", "percent", "--percent must be a number such as 10"
                    + " or 12.5 (got '" + Numbers.abbreviated(raw) + "')");
        }
        BigDecimal bp = new BigDecimal(raw).movePointRight(2);
        if (bp.stripTrailingZeros().scale() > 0) {
            throw new ValidationException("DISCOUNT_PERCENT_INVALID", "percent",
                    "a percentage has at most two decimals (got " + raw + ")");
        }
        try {
            return bp.intValueExact();
        } catch (ArithmeticException e) {
            throw new ValidationException("DISCOUNT_PERCENT_INVALID", "percent",
                    "a percentage discount must be more than 0 and at most 100");
        }
    }

    public DiscountRule create(Command c) {
        var seller = sellers.authorise(c.actor(), Action.PRICE_MANAGE, c.seller());
        int scopes = (c.sku().isPresent() ? 1 : 0) + (c.category().isPresent() ? 1 : 0) + (c.all() ? 1 : 0);
        if (scopes != 1) {
            throw new ValidationException("DISCOUNT_SCOPE_INVALID", "scope",
                    "a discount is for exactly one of: --sku, --category, --all");
        }
        DiscountRule.Scope scope = c.sku().isPresent() ? DiscountRule.Scope.PRODUCT
                : c.category().isPresent() ? DiscountRule.Scope.CATEGORY : DiscountRule.Scope.SELLER;
        Instant from = c.from().orElse(clock.instant()).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        DiscountRule draft = new DiscountRule(0, seller.id(), scope, c.sku(), c.category().map(String::strip), 
                c.percent().map(CreateDiscount::basisPoints), c.amount().map(a -> Money.parse(a, seller.currency())),
                from, c.until());
        String fingerprint = c.actor().name() + "|" + seller.code() + "|" + draft.snapshot();
        return standing.change(c.actor(), Action.PRICE_MANAGE, seller, "seller:" + seller.code(),
                () -> idempotency.once(c.idempotencyKey(), "discount.create", fingerprint,
                () -> {
                    DiscountRule rule = discounts.add(draft);
                    var now = clock.instant();
                    recorder.record(now, c.actor(), "discount.create", "seller:" + seller.code(), null, rule.snapshot(),
                            Recorder.event("DiscountCreated", "seller", seller.code(), rule.snapshot(), now, c.actor()));
                    return rule;
                },
                rule -> Long.toString(rule.id()),
                id -> discounts.ofSeller(seller.id()).stream().filter(r -> r.id() == Long.parseLong(id)).findFirst()
                        .orElseThrow()));
    }
}
