/**
 * A deterministic stand-in for a payment provider, used by the demo and the tests. Its answers depend on the
 * amount's last two minor digits (see {@link com.bazaar.postgres.simulator.SimulatedPaymentProvider}); it
 * remembers every request by idempotency key in its own table, like a real provider would.
 */
package com.bazaar.postgres.simulator;
