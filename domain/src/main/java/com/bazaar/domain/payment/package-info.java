/** Payments, refunds and the double-entry ledger of money movements; providers are reached through a port. */
package com.bazaar.domain.payment;
