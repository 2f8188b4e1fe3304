package com.bazaar.postgres;

import com.bazaar.domain.limits.Rate;
import io.github.bucket4j.BucketExceptions;
import org.junit.jupiter.api.Test;
import org.springframework.dao.TransientDataAccessException;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A rate limit taken while the database goes away (scripts/load/run.sh killed PostgreSQL under order intake with a
 * per-buyer limit set): the pool's connection fails with {@code Connection is closed} (no SQLSTATE) or a class 08
 * SQLSTATE inside Bucket4j, which wraps it in its own exception. That must reach a worker as a transient failure -
 * retried until the database is back - not as a failure that sends the order request to the dead-letter topic. A
 * failure of the take itself (a missing privilege) stays what it is.
 */
class ARateLimitTakeThatLosesItsConnectionIsTransientTest {

    private static final Rate RATE = new Rate(10, Duration.ofMinutes(1));

    @Test
    void aConnectionClosedUnderTheTakeIsTransient() {
        assertThatThrownBy(() -> limiterFailingWith(new SQLException("Connection is closed")).tryTake("buyer:b", RATE))
                .isInstanceOf(TransientDataAccessException.class).hasRootCauseMessage("Connection is closed");
        assertThatThrownBy(() -> limiterFailingWith(new SQLException("An I/O error occurred", "08006"))
                .tryTake("buyer:b", RATE)).isInstanceOf(TransientDataAccessException.class);
    }

    @Test
    void aTakeRefusedByTheDatabaseIsNotTransient() {
        assertThatThrownBy(() -> limiterFailingWith(new SQLException("permission denied for table rate_limit_buckets",
                "42501")).tryTake("buyer:b", RATE)).isInstanceOf(BucketExceptions.BucketExecutionException.class)
                .isNotInstanceOf(TransientDataAccessException.class);
    }

    /** A limiter over a pool whose connection fails every call (but close) with {@code failure}. */
    private static PostgresRateLimiter limiterFailingWith(SQLException failure) {
        Connection connection = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    throw failure;
                });
        DataSource pool = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[]{DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return connection;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new PostgresRateLimiter(new Database(pool));
    }
}
