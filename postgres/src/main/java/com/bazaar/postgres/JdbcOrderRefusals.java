package com.bazaar.postgres;

import com.bazaar.domain.order.OrderRefusals;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link OrderRefusals} in table {@code order_refusals}: one counter row per reason. */
public final class JdbcOrderRefusals implements OrderRefusals {

    private final JdbcClient jdbc;

    public JdbcOrderRefusals(Database database) {
        this.jdbc = database.jdbc();
    }

    @Override
    public void count(String reason) {
        jdbc.sql("INSERT INTO order_refusals (reason, refused) VALUES (:reason, 1)"
                        + " ON CONFLICT (reason) DO UPDATE SET refused = order_refusals.refused + 1")
                .param("reason", reason).update();
    }
}
