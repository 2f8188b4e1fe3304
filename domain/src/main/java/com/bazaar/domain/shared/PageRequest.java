package com.bazaar.domain.shared;

import java.util.Optional;

/**
 * Which page of a list to read: at most {@code limit} rows after the {@code after} token (the first page without one).
 * The token stays text until the list that reads it parses it ({@link #after(String, int)}), so an invalid one is
 * refused where its meaning is known.
 */
public record PageRequest(Optional<String> after, int limit) {

    public static final int MAX_LIMIT = 10_000;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException("LIMIT_INVALID", "limit", "--limit must be 1 to " + MAX_LIMIT);
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(Optional.empty(), limit);
    }

    /** The cursor of {@code list} with {@code arity} key parts, when this is not the first page. */
    public Optional<Cursor> after(String list, int arity) {
        return after.map(token -> Cursor.parse(token, list, arity));
    }

    /** The same request continued after {@code next}. */
    public PageRequest continuing(Cursor next) {
        return new PageRequest(Optional.of(next.token()), limit);
    }

    /** How many rows an adapter reads: one more than the limit tells whether a next page exists. */
    public int probe() {
        return limit + 1;
    }
}
