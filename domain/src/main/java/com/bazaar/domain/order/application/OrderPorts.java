package com.bazaar.domain.order.application;

import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.event.Outbox;
import com.bazaar.domain.inventory.StockLevels;
import com.bazaar.domain.order.Orders;
import com.bazaar.domain.order.Reservations;
import com.bazaar.domain.payment.Payments;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Transactions;
import com.bazaar.domain.support.Guard;

import java.time.Clock;

/** What the order module's lifecycle use cases share: the ports they are built from, composed once by the wiring. */
public record OrderPorts(Transactions transactions, Guard guard, Sellers sellers, Orders orders,
                         Reservations reservations, StockLevels stock, Payments payments, AuditTrail audit,
                         Outbox outbox, Clock clock) {
}
