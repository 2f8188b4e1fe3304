package com.bazaar.domain.order.application;

import com.bazaar.domain.order.Order;
import com.bazaar.domain.payment.Payment;
import com.bazaar.domain.seller.SellerCode;

import java.util.Optional;

/** An order with its seller's code and its payment, as the front ends show it. */
public record OrderView(SellerCode seller, Order order, Optional<Payment> payment) {

    public OrderView(SellerCode seller, Order order) {
        this(seller, order, Optional.empty());
    }
}
