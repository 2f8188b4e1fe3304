package com.bazaar.postgres.simulator;

import com.bazaar.domain.payment.PaymentProvider;
import com.bazaar.domain.payment.ProviderResult;
import com.bazaar.domain.shared.Money;
import com.bazaar.postgres.Database;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Optional;

/**
 * A simulated payment provider with scripted behaviour, chosen by the last two minor digits of the amount
 * (so a test or demo picks an outcome by picking a price):
 * <ul>
 *   <li>{@code declineCents} (default 51): authorizations and refunds are declined;</li>
 *   <li>{@code unknownCents} (default 52): the request succeeds at the provider but the answer is lost
 *       (Unknown); a {@link #lookup} then reports it approved;</li>
 *   <li>{@code pendingCents} (default 53): the provider answers Pending; a {@link #lookup} reports it approved;</li>
 *   <li>anything else is approved.</li>
 * </ul>
 * Repeating a request with the same key returns the first final answer, never a second movement of money.
 * Its memory is table {@code simulated_provider_operations}, written outside Bazaar's transactions (it plays an
 * external system).
 */
public final class SimulatedPaymentProvider implements PaymentProvider {

    /** Which cents trigger which behaviour; parsed from {@code decline=51,unknown=52,pending=53}. */
    public record Behaviour(int declineCents, int unknownCents, int pendingCents) {
        public static final Behaviour DEFAULT = new Behaviour(51, 52, 53);

        public static Behaviour parse(String text) {
            Behaviour b = DEFAULT;
            for (String part : text.split(",")) {
                String[] kv = part.strip().split("=");
                if (kv.length != 2) {
                    continue;
                }
                int cents = com.bazaar.domain.shared.Numbers.wholeInt(kv[1], "payment.simulator " + kv[0].strip(),
                        "CONFIG_INVALID", 0, 99);
                b = switch (kv[0].strip()) {
                    case "decline" -> new Behaviour(cents, b.unknownCents, b.pendingCents);
                    case "unknown" -> new Behaviour(b.declineCents, cents, b.pendingCents);
                    case "pending" -> new Behaviour(b.declineCents, b.unknownCents, cents);
                    default -> throw new IllegalArgumentException("unknown simulator setting " + kv[0]);
                };
            }
            return b;
        }
    }

    private final JdbcClient jdbc;
    private final Behaviour behaviour;

    public SimulatedPaymentProvider(Database database, Behaviour behaviour) {
        this.jdbc = database.jdbc();
        this.behaviour = behaviour;
    }

    @Override
    public ProviderResult authorize(String key, Money amount) {
        return handle(key, "AUTHORIZE", amount, true);
    }

    @Override
    public ProviderResult capture(String key, String authorization, Money amount) {
        return handle(key, "CAPTURE", amount, false);
    }

    @Override
    public ProviderResult voidAuthorization(String key, String authorization) {
        return handle(key, "VOID", null, false);
    }

    @Override
    public ProviderResult refund(String key, String capture, Money amount) {
        return handle(key, "REFUND", amount, true);
    }

    @Override
    public ProviderResult lookup(String key) {
        return jdbc.sql("SELECT outcome, reference FROM simulated_provider_operations WHERE key = :key")
                .param("key", key).query((rs, n) -> finalAnswer(rs.getString("outcome"), rs.getString("reference")))
                .optional().orElse(new ProviderResult.Declined("no such request"));
    }

    private ProviderResult handle(String key, String operation, Money amount, boolean mayDecline) {
        Optional<ProviderResult> earlier = jdbc.sql("SELECT outcome, reference, reported FROM simulated_provider_operations"
                        + " WHERE key = :key").param("key", key)
                .query((rs, n) -> finalAnswer(rs.getString("outcome"), rs.getString("reference"))).optional();
        if (earlier.isPresent()) {
            return earlier.get();
        }
        int cents = amount == null ? 0 : (int) Math.floorMod(amount.minor(), 100L);
        String reference = "sim_" + operation.toLowerCase() + "_" + Integer.toHexString(key.hashCode());
        if (mayDecline && cents == behaviour.declineCents()) {
            remember(key, operation, amount, "DECLINED", reference);
            return new ProviderResult.Declined("declined by the simulated provider (amount ending in "
                    + behaviour.declineCents() + ")");
        }
        if (cents == behaviour.unknownCents()) {
            remember(key, operation, amount, "APPROVED", reference);
            return new ProviderResult.Unknown("simulated timeout: the answer was lost");
        }
        if (cents == behaviour.pendingCents()) {
            remember(key, operation, amount, "APPROVED", reference);
            return new ProviderResult.Pending(reference);
        }
        remember(key, operation, amount, "APPROVED", reference);
        return new ProviderResult.Approved(reference);
    }

    private static ProviderResult finalAnswer(String outcome, String reference) {
        return "DECLINED".equals(outcome) ? new ProviderResult.Declined("declined by the simulated provider")
                : new ProviderResult.Approved(reference);
    }

    private void remember(String key, String operation, Money amount, String outcome, String reference) {
        jdbc.sql("INSERT INTO simulated_provider_operations (key, operation, amount_minor, currency, outcome, reference)"
                        + " VALUES (:key, :op, :amount, :currency, :outcome, :ref) ON CONFLICT (key) DO NOTHING")
                .param("key", key).param("op", operation)
                .param("amount", amount == null ? null : amount.minor())
                .param("currency", amount == null ? null : amount.currency().value())
                .param("outcome", outcome).param("ref", reference).update();
    }
}
