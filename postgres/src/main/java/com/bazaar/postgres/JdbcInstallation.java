package com.bazaar.postgres;

import com.bazaar.domain.identity.Installation;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;

/** {@link Installation} as the single row of table {@code installation}. */
public final class JdbcInstallation implements Installation {

    private final JdbcClient jdbc;

    public JdbcInstallation(Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public boolean markInitialised(Instant at) {
        return jdbc.sql("INSERT INTO installation (id, initialised_at) VALUES (1, :at) ON CONFLICT (id) DO NOTHING")
                .param("at", Rows.param(at)).update() == 1;
    }

    @Override
    public boolean isInitialised() {
        return jdbc.sql("SELECT count(*) FROM installation").query(Long.class).single() > 0;
    }
}
