/** Reconciliation: settlement lines matched to payments and refunds, each in exactly one category; resolutions. */
package com.bazaar.domain.reconciliation;
