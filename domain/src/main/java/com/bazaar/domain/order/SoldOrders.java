package com.bazaar.domain.order;

import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;

import java.util.Optional;

/**
 * Port: the {@code sales} consumer's own memory of the orders and refunds it has seen in the event stream, so a
 * cancellation or a refund finds the seller and day of its order. Written only by that consumer; emptied by a rebuild.
 * Payments are the payment module's ids ({@code long}: the order module does not depend on the payment module).
 */
public interface SoldOrders {

    /**
     * Serialises, until the transaction ends, every change that involves this payment's order (its sale, its
     * cancellation, its refunds), across workers: events of one order and of its payment arrive on different topics
     * and may be applied at the same time.
     */
    void lockPayment(long payment);

    Optional<SoldOrder> byOrder(OrderId order);

    Optional<SoldOrder> byPayment(long payment);

    /** Inserts or replaces what is known of the order. */
    void save(SoldOrder order);

    /** Records a refund paid back on a payment; false when this refund was recorded before (nothing changed). */
    boolean recordRefund(long refund, long payment, Money amount);

    /** The sum of the refunds recorded on the payment (zero when none). */
    Money refundedOn(long payment, CurrencyCode currency);

    /** Forgets every order and refund (a rebuild starts from nothing). */
    void clear();
}
