package com.bazaar.postgres;

import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.domain.shared.IdempotencyKeys;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Optional;

/**
 * {@link IdempotencyKeys} in table {@code idempotency_keys}. The claim is an insert that does nothing on a
 * taken key: a concurrent claimer of the same key waits on the primary key until the first transaction ends,
 * then reads what it stored.
 */
public final class JdbcIdempotencyKeys implements IdempotencyKeys {

    private final JdbcClient jdbc;

    public JdbcIdempotencyKeys(Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public Optional<Claimed> claim(IdempotencyKey key, String operation, String fingerprint) {
        int inserted = jdbc.sql("INSERT INTO idempotency_keys (key, operation, fingerprint) "
                        + "VALUES (:key, :operation, :fingerprint) ON CONFLICT (key) DO NOTHING")
                .param("key", key.value())
                .param("operation", operation)
                .param("fingerprint", fingerprint)
                .update();
        if (inserted == 1) {
            return Optional.empty();
        }
        return Optional.of(jdbc.sql("SELECT operation, fingerprint, reference FROM idempotency_keys WHERE key = :key")
                .param("key", key.value())
                .query((rs, n) -> new Claimed(rs.getString("operation"), rs.getString("fingerprint"),
                        rs.getString("reference")))
                .single());
    }

    @Override
    public boolean used(IdempotencyKey key) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM idempotency_keys WHERE key = :key AND reference IS NOT NULL)")
                .param("key", key.value()).query(Boolean.class).single();
    }

    @Override
    public void complete(IdempotencyKey key, String reference) {
        jdbc.sql("UPDATE idempotency_keys SET reference = :reference WHERE key = :key")
                .param("reference", reference)
                .param("key", key.value())
                .update();
    }
}
