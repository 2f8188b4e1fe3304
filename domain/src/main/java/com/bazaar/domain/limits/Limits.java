package com.bazaar.domain.limits;

import com.bazaar.domain.audit.AuditEntry;
import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.audit.Outcome;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.shared.Json;
import com.bazaar.domain.shared.RateLimited;
import com.bazaar.domain.shared.Transactions;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Admits a request or refuses it with {@link RateLimited}, by the configured {@link RateLimits} and the shared buckets
 * of a {@link RateLimiter}. A refusal is counted (per scope, subject and window: {@link LimitRefusals}) and audited
 * only the first time in its window - outcome DENIED, reason {@code RATE_LIMITED} - so a flood does not flood the
 * audit trail. Checked before the use case's transaction opens (the buckets live outside it: a refused request
 * changes nothing, an admitted one that then fails still used its token, as every attempt does).
 */
public final class Limits {

    private final RateLimits limits;
    private final RateLimiter limiter;
    private final LimitRefusals refusals;
    private final AuditTrail audit;
    private final Transactions transactions;
    private final Clock clock;

    public Limits(RateLimits limits, RateLimiter limiter, LimitRefusals refusals, AuditTrail audit,
                  Transactions transactions, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.limiter = limiter;
        this.refusals = refusals;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    public RateLimits configured() {
        return limits;
    }

    /** Whether a limit may be checked now: not inside a transaction of the caller's (see {@link #admit}). */
    public boolean checkableNow() {
        return !transactions.active();
    }

    /**
     * Takes a token of {@code scope} for {@code subject}, or throws {@link RateLimited} with the wait. Does nothing
     * when the scope has no rate configured.
     *
     * @param action the action being limited as the audit trail names it, e.g. {@code order.place}
     */
    public void admit(Actor actor, String action, LimitScope scope, String subject) {
        Optional<Rate> rate = limits.of(scope);
        if (rate.isEmpty()) {
            return;
        }
        if (transactions.active()) {
            throw new IllegalStateException("rate limits are checked before the use case's transaction opens");
        }
        // the rate is part of the bucket's name: a changed setting starts full buckets of the new size
        var decision = limiter.tryTake(scope.code() + "|" + rate.get() + "|" + subject, rate.get());
        if (decision instanceof RateLimiter.Limited limited) {
            RateLimited refused = new RateLimited(scope.code(), subject, limited.retryAfter());
            Instant now = clock.instant();
            Instant window = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), rate.get().period().toMillis())
                    * rate.get().period().toMillis());
            try {
                transactions.run(() -> {
                    if (refusals.count(scope, subject, window)) {
                        Map<String, Object> why = Json.object();
                        why.put("refused", refused.code());
                        why.put("scope", scope.code());
                        why.put("rate", rate.get().toString());
                        why.put("window", window.toString());
                        why.put("note", "the first refusal of this subject in this window; later ones are counted,"
                                + " not audited");
                        audit.append(new AuditEntry(now, actor, action, "rate-limit:" + scope.code() + ":" + subject,
                                Outcome.DENIED, Optional.empty(), Optional.of(Json.write(why))));
                    }
                });
            } catch (RuntimeException e) {
                refused.addSuppressed(e); // failing to count never hides the refusal
            }
            throw refused;
        }
    }
}
