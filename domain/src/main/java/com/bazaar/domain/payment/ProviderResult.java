package com.bazaar.domain.payment;

/** A payment provider's answer. Only Approved and Declined are final. */
public sealed interface ProviderResult {

    record Approved(String providerReference) implements ProviderResult {
    }

    record Declined(String reason) implements ProviderResult {
    }

    /** The provider accepted the request but has not decided yet. */
    record Pending(String providerReference) implements ProviderResult {
    }

    /** No answer (timeout, connection lost): the operation may or may not have happened. */
    record Unknown(String reason) implements ProviderResult {
    }
}
