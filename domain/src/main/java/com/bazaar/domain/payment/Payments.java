package com.bazaar.domain.payment;

import com.bazaar.domain.order.OrderId;
import com.bazaar.domain.shared.Money;

import java.util.List;
import java.util.Optional;

/** Port: payments, one per order (a unique key), with the money CHECKs in the database. */
public interface Payments {

    Payment createIntent(OrderId order, Money amount);

    Optional<Payment> byId(PaymentId id);

    Optional<Payment> byIdForUpdate(PaymentId id);

    Optional<Payment> ofOrder(OrderId order);

    void update(Payment payment);

    /** Payments whose last provider answer was not final. */
    List<PaymentId> inDoubt(int limit);
}
