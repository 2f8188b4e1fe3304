package com.bazaar.domain.payment;

import com.bazaar.domain.shared.Money;

/**
 * Port: a payment provider. Every request carries Bazaar's idempotency key for that operation, so repeating a
 * request (after a timeout, say) never moves money twice, and {@link #lookup} tells what became of a request
 * whose answer was lost.
 */
public interface PaymentProvider {

    ProviderResult authorize(String key, Money amount);

    ProviderResult capture(String key, String authorization, Money amount);

    ProviderResult voidAuthorization(String key, String authorization);

    ProviderResult refund(String key, String capture, Money amount);

    /** What became of the request made with {@code key}: Approved, Declined, or still Pending/Unknown. */
    ProviderResult lookup(String key);
}
