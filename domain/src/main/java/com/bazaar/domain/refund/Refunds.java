package com.bazaar.domain.refund;

import com.bazaar.domain.payment.PaymentId;
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

    List<Refund> all(int limit);

    List<Long> inDoubt(int limit);
}
