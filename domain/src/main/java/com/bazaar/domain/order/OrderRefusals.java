package com.bazaar.domain.order;

/**
 * Port: counts orders refused by a business rule, by the rule's code (INSUFFICIENT_STOCK, PRODUCT_NOT_ACTIVE, ...).
 * The counts survive the process, so a one-shot command's metrics can show oversell attempts as a growing counter.
 */
public interface OrderRefusals {

    void count(String reason);
}
