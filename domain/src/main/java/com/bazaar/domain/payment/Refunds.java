package com.bazaar.domain.payment;

import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.shared.IdempotencyKey;
import com.bazaar.domain.shared.Money;

import java.util.List;
import java.util.Optional;

/** Port: refunds; each has a unique idempotency key (a database constraint). */
public interface Refunds {

    Refund add(PaymentId payment, Money amount, String reason, IdempotencyKey key);

    Optional<Refund> byId(long id);

    void settle(long id, Refund.Status status);

    List<Refund> ofPayment(PaymentId payment);

    /** A page of the refunds (of one payment, or all), newest (highest id) first; the id is the cursor. */
    Page<Refund> page(Optional<PaymentId> payment, PageRequest page);

    List<Long> inDoubt(int limit);
}
