package com.bazaar.domain.shared;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * One page of a list read by keyset: its rows, the cursor of the next page (empty when the list is complete) and, when
 * counting is cheap, how many rows match in all.
 */
public record Page<T>(List<T> items, Optional<Cursor> next, OptionalLong total) {

    public Page {
        items = List.copyOf(items);
    }

    /**
     * A page from the {@link PageRequest#probe()} rows an adapter read: when there is one more than the limit, the
     * next page starts after the last row kept.
     */
    public static <T> Page<T> of(List<T> probed, PageRequest request, Function<T, Cursor> key) {
        if (probed.size() <= request.limit()) {
            return new Page<>(probed, Optional.empty(), OptionalLong.empty());
        }
        List<T> kept = probed.subList(0, request.limit());
        return new Page<>(kept, Optional.of(key.apply(kept.get(kept.size() - 1))), OptionalLong.empty());
    }

    public Page<T> withTotal(long total) {
        return new Page<>(items, next, OptionalLong.of(total));
    }

    public <R> Page<R> map(Function<T, R> f) {
        return new Page<>(items.stream().map(f).toList(), next, total);
    }
}
