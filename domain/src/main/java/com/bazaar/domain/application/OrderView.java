package com.bazaar.domain.application;

import com.bazaar.domain.order.Order;
import com.bazaar.domain.seller.SellerCode;

/** An order with its seller's code, as the front ends show it. */
public record OrderView(SellerCode seller, Order order) {
}
