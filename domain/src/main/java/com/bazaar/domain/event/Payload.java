package com.bazaar.domain.event;

import com.bazaar.domain.shared.Json;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the fields of a stored payload (as {@link Json#read} gives it back) for an event's {@code from}: a missing
 * required field or a field of the wrong JSON type is refused with the field's name.
 */
public record Payload(Map<String, Object> fields) {

    public Payload {
        Objects.requireNonNull(fields, "fields");
    }

    public static Payload of(Map<String, Object> fields) {
        return new Payload(fields);
    }

    public String text(String field) {
        return optionalText(field).orElseThrow(() -> missing(field));
    }

    public Optional<String> optionalText(String field) {
        return Optional.ofNullable(fields.get(field)).map(v -> as(field, v, String.class));
    }

    public long number(String field) {
        return optionalNumber(field).orElseThrow(() -> missing(field));
    }

    public Optional<Long> optionalNumber(String field) {
        return Optional.ofNullable(fields.get(field)).map(v -> as(field, v, Number.class).longValue());
    }

    public List<Object> list(String field) {
        List<?> list = as(field, Optional.ofNullable(fields.get(field)).orElseThrow(() -> missing(field)), List.class);
        return List.copyOf(list);
    }

    @SuppressWarnings("unchecked")
    public Optional<Payload> optionalObject(String field) {
        return Optional.ofNullable(fields.get(field)).map(v -> new Payload(as(field, v, Map.class)));
    }

    public Payload object(String field) {
        return optionalObject(field).orElseThrow(() -> missing(field));
    }

    /** Reads each element of a list of objects. */
    @SuppressWarnings("unchecked")
    public List<Payload> objects(String field) {
        return list(field).stream().map(v -> new Payload(as(field, v, Map.class))).toList();
    }

    private static <T> T as(String field, Object value, Class<T> type) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("event payload field " + field + " is not a " + type.getSimpleName()
                    + ": " + value);
        }
        return type.cast(value);
    }

    private static IllegalArgumentException missing(String field) {
        return new IllegalArgumentException("event payload has no field " + field);
    }
}
