/**
 * Kafka for Bazaar: the local single-node KRaft broker of {@code $BAZAAR_HOME/kafka}, the publisher of the outbox
 * relay, and the consumers the workers run. Adapters of domain ports only; the rules stay in the domain.
 */
package com.bazaar.events;
