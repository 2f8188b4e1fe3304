package com.bazaar.domain.order.application;

/** The order after a lifecycle command; {@code changed} is false when it already was in the asked state. */
public record OrderChange(OrderView order, boolean changed) {
}
