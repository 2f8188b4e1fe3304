package com.bazaar.postgres;

import com.bazaar.domain.limits.LimitRefusals;
import com.bazaar.domain.limits.LimitScope;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;

/** {@link LimitRefusals} in table {@code rate_limit_refusals}: one row per scope, subject and window, incremented. */
public final class JdbcLimitRefusals implements LimitRefusals {

    private final JdbcClient jdbc;

    public JdbcLimitRefusals(Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public boolean count(LimitScope scope, String subject, Instant window) {
        // xmax = 0: the row was inserted by this statement, not updated (the first refusal of the window)
        return jdbc.sql("""
                        INSERT INTO rate_limit_refusals (scope, subject, window_start, refused)
                        VALUES (:scope, :subject, :window, 1)
                        ON CONFLICT (scope, subject, window_start) DO UPDATE
                            SET refused = rate_limit_refusals.refused + 1
                        RETURNING xmax = 0""")
                .param("scope", scope.code()).param("subject", subject).param("window", Rows.param(window))
                .query(Boolean.class).single();
    }
}
