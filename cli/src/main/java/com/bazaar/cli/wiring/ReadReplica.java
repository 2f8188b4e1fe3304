package com.bazaar.cli.wiring;

import com.bazaar.cli.config.BazaarConfig;
import com.bazaar.postgres.connection.ConnectionSettings;
import com.bazaar.postgres.embedded.EmbeddedPostgresServer;
import com.bazaar.postgres.embedded.EmbeddedReplica;
import com.bazaar.postgres.replica.ReplicaLag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

/** The read replica of a configuration: the local replica of the embedded server, and its lag. */
public final class ReadReplica {

    private static final Logger log = LoggerFactory.getLogger(ReadReplica.class);

    private ReadReplica() {
    }

    /** The lag of the local replica behind the embedded server when both run; starts neither. */
    public static Optional<ReplicaLag> localLag(BazaarConfig config) {
        EmbeddedPostgresServer server = DatabaseConnector.embeddedServer(config);
        var primary = server.running(EmbeddedPostgresServer.Login.APP);
        var replica = new EmbeddedReplica(server).running();
        if (primary.isEmpty() || replica.isEmpty()) {
            return Optional.empty();
        }
        ConnectionSettings settings = config.connectionSettings();
        try (Connection p = DriverManager.getConnection(primary.get().jdbcUrl(),
                settings.driverProperties(primary.get().user(), primary.get().password()));
             Connection r = DriverManager.getConnection(replica.get().jdbcUrl(),
                     settings.driverProperties(replica.get().user(), replica.get().password()))) {
            return Optional.of(ReplicaLag.measure(p, r));
        } catch (SQLException e) {
            log.warn("could not measure the lag of the local replica: {}", e.getMessage().lines().findFirst()
                    .orElse(""));
            return Optional.empty();
        }
    }
}
