package com.bazaar.domain.payment.application;

import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.event.Outbox;
import com.bazaar.domain.inventory.StockLevels;
import com.bazaar.domain.order.Orders;
import com.bazaar.domain.order.Reservations;
import com.bazaar.domain.payment.Ledger;
import com.bazaar.domain.payment.PaymentProvider;
import com.bazaar.domain.payment.Payments;
import com.bazaar.domain.payment.Refunds;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Idempotency;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.support.Guard;

import java.time.Clock;

/**
 * What the payment module's use cases share: the ports they are built from, composed once by the wiring.
 * {@code commissionBasisPoints} is the marketplace's commission posted to the ledger at capture.
 */
public record PaymentPorts(Transactions transactions, Guard guard, Payments payments, Refunds refunds, Orders orders,
                           Sellers sellers, Reservations reservations, StockLevels stock, Ledger ledger,
                           PaymentProvider provider, AuditTrail audit, Outbox outbox, Idempotency idempotency,
                           Clock clock, int commissionBasisPoints) {
}
