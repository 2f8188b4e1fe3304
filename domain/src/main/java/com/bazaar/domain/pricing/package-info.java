/** Pricing: discount rules and the one deterministic rule that prices an order line (docs/pricing.md). */
package com.bazaar.domain.pricing;
