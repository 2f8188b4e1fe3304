package com.bazaar.postgres;

import com.bazaar.domain.limits.Rate;
import com.bazaar.domain.limits.RateLimiter;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketExceptions;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;

import org.springframework.dao.TransientDataAccessResourceException;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link RateLimiter} on Bucket4j's PostgreSQL backend, table {@code rate_limit_buckets}: each take is one short
 * transaction of its own that locks the bucket's row ({@code SELECT ... FOR UPDATE}), computes and writes its new
 * state - so every process of the installation, on any host, takes from the same buckets and 16 processes at once
 * never get more tokens than a bucket holds. A bucket's row expires once it would be full again (a row past that says
 * nothing a new full bucket would not); about one take in {@value #CLEAN_EVERY} deletes up to
 * {@value #CLEAN_BATCH} expired rows. Time is this host's clock (Bucket4j's client-side time): hosts must keep their
 * clocks in step (NTP), as for the rest of the system.
 */
public final class PostgresRateLimiter implements RateLimiter {

    private static final int CLEAN_EVERY = 1_000;
    private static final int CLEAN_BATCH = 100;

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

    public PostgresRateLimiter(Database database) {
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(database.dataSource())
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets").idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofSeconds(10)))
                .build();
    }

    @Override
    public Decision tryTake(String key, Rate rate) {
        try {
            return take(key, rate);
        } catch (BucketExceptions.BucketExecutionException e) {
            if (connectionLost(e)) {
                throw new TransientDataAccessResourceException("the rate limit could not be taken: the database"
                        + " connection was lost", e);
            }
            throw e;
        }
    }

    /**
     * Whether Bucket4j's failure is the connection's: SQLSTATE class 08, or a failure without a SQLSTATE - what the
     * pool throws for a connection it has just closed after a fatal error ({@code Connection is closed}: the rollback
     * or the next statement of the take, the connection's own failure gone). Such a take may succeed once the database
     * is back, so it is thrown as a transient failure: a worker retries the order request instead of sending it to the
     * dead-letter topic (found by scripts/load/run.sh: kill -9 of PostgreSQL under order intake with a limit set).
     */
    static boolean connectionLost(BucketExceptions.BucketExecutionException failure) {
        for (Throwable t = failure.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql.getSQLState() == null || sql.getSQLState().startsWith("08");
            }
        }
        return false;
    }

    private Decision take(String key, Rate rate) {
        var configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(rate.permits()).refillGreedy(rate.permits(), rate.period())
                        .build())
                .build();
        var probe = buckets.getProxy(key, () -> configuration).tryConsumeAndReturnRemaining(1);
        if (ThreadLocalRandom.current().nextInt(CLEAN_EVERY) == 0) {
            buckets.removeExpired(CLEAN_BATCH);
        }
        return probe.isConsumed() ? new Admitted() : new Limited(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }
}
