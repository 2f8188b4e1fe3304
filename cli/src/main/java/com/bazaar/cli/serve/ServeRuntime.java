package com.bazaar.cli.serve;

import com.bazaar.cli.wiring.Services;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.shared.CorrelationId;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/**
 * What the serve application is given by the command: the services over a pool, the token it acts with, and its
 * settings. The token is presented again for every scheduled run and every health refresh, so revoking it (or the
 * user's roles) stops the server's work at the next run instead of at the next restart.
 */
public record ServeRuntime(Services services, String token, String databaseDescription, Clock clock,
                           ServeSettings settings, com.bazaar.postgres.Database metrics) {

    /** @param metrics where the state meters are read (one read-only transaction): the read replica when there is one */
    public ServeRuntime {
        java.util.Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public String toString() {
        return "ServeRuntime[" + databaseDescription + "]"; // never the token
    }

    /** A fresh correlation id for one unit of the server's work, e.g. {@code serve-reservation-expiry-1a2b...}. */
    public static CorrelationId correlationId(String work) {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        return new CorrelationId("serve-" + work + "-" + HexFormat.of().formatHex(random));
    }

    /** The server's actor for one unit of work, authenticated now (refused if the token was revoked). */
    public Actor actor(CorrelationId correlationId, String why) {
        return services.authenticate().authenticate(token, correlationId).actor().withReason(why);
    }
}
