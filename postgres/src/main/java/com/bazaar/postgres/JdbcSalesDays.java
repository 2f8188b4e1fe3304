package com.bazaar.postgres;

import com.bazaar.domain.order.SalesDay;
import com.bazaar.domain.order.SalesDays;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.LocalDate;
import java.util.List;

/** {@link SalesDays} in table {@code seller_sales_daily}: one row per seller, day and currency, created at zero. */
public final class JdbcSalesDays implements SalesDays {

    private final JdbcClient jdbc;

    public JdbcSalesDays(Database database) {
        this.jdbc = database.jdbc();
    }

    /**
     * Creates the row at zero when missing, then adds: a single INSERT ... ON CONFLICT DO UPDATE would check the
     * table's constraints ({@code orders >= 0}) on the proposed row, refusing a negative change (a cancellation) even
     * when the row exists. The row's lock, taken by the update, serialises concurrent changes of one day.
     */
    @Override
    public void add(SellerCode seller, LocalDate day, long orders, long units, Money revenue) {
        jdbc.sql("INSERT INTO seller_sales_daily (seller, day, currency, orders, units, revenue_minor)"
                        + " VALUES (:seller, :day, :currency, 0, 0, 0) ON CONFLICT (seller, day, currency) DO NOTHING")
                .param("seller", seller.value()).param("day", day).param("currency", revenue.currency().value())
                .update();
        jdbc.sql("UPDATE seller_sales_daily SET orders = orders + :orders, units = units + :units,"
                        + " revenue_minor = revenue_minor + :revenue"
                        + " WHERE seller = :seller AND day = :day AND currency = :currency")
                .param("seller", seller.value()).param("day", day).param("currency", revenue.currency().value())
                .param("orders", orders).param("units", units).param("revenue", revenue.minor()).update();
    }

    @Override
    public List<SalesDay> between(SellerCode seller, LocalDate from, LocalDate to) {
        return jdbc.sql("SELECT day, currency, orders, units, revenue_minor FROM seller_sales_daily"
                        + " WHERE seller = :seller AND day BETWEEN :from AND :to ORDER BY day, currency")
                .param("seller", seller.value()).param("from", from).param("to", to)
                .query((rs, n) -> new SalesDay(seller, rs.getObject("day", LocalDate.class), rs.getLong("orders"),
                        rs.getLong("units"), Money.of(rs.getLong("revenue_minor"), CurrencyCode.of(rs.getString("currency")))))
                .list();
    }

    @Override
    public void clear() {
        jdbc.sql("DELETE FROM seller_sales_daily").update();
    }
}
