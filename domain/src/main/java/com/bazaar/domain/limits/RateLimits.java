package com.bazaar.domain.limits;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The configured rate of each scope; a scope without one is not limited. */
public record RateLimits(Map<LimitScope, Rate> rates) {

    public RateLimits {
        rates = rates.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(rates));
    }

    public static RateLimits none() {
        return new RateLimits(Map.of());
    }

    public Optional<Rate> of(LimitScope scope) {
        return Optional.ofNullable(rates.get(scope));
    }

    public boolean any() {
        return !rates.isEmpty();
    }
}
