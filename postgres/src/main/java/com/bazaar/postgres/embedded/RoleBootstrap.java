package com.bazaar.postgres.embedded;

import com.bazaar.postgres.DatabaseRoles;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

/**
 * The one time the embedded server's superuser logs in: it creates the database roles, gives {@code bazaar_owner} and
 * {@code bazaar_app} a login whose password goes into its own file, makes {@code bazaar_owner} the owner of database
 * {@value EmbeddedPostgresServer#DATABASE} (and, in a home made before the roles existed, of every object in it),
 * then removes its own password from PostgreSQL and deletes {@code postgres.password}. From then on nothing Bazaar
 * runs can log in as a superuser.
 *
 * <p>Every step may be repeated, so a bootstrap killed at any point is completed by the next start: the password files
 * are written before PostgreSQL learns them, and {@code postgres.password} is deleted last. Killed between removing
 * the superuser's password and deleting the file, the next start finds the file refused and both logins working.
 */
final class RoleBootstrap {

    private static final Logger log = LoggerFactory.getLogger(RoleBootstrap.class);
    private static final String INVALID_PASSWORD = "28P01";

    private final int port;
    private final LoginFiles files;

    RoleBootstrap(int port, LoginFiles files) {
        this.port = port;
        this.files = files;
    }

    void complete() throws IOException {
        Optional<String> superuserPassword = files.superuserPassword();
        if (superuserPassword.isEmpty()) {
            throw new EmbeddedPostgresException("the database logins are incomplete (" + files.of(
                    EmbeddedPostgresServer.Login.OWNER) + " or " + files.of(EmbeddedPostgresServer.Login.APP)
                    + " is missing) and the superuser's password is gone: restore them from a backup of $BAZAAR_HOME"
                    + " (docs/failure_scenarios.md)");
        }
        String owner = files.passwordCreatingIfMissing(EmbeddedPostgresServer.Login.OWNER);
        String app = files.passwordCreatingIfMissing(EmbeddedPostgresServer.Login.APP);
        try (Connection superuser = connect("postgres", EmbeddedPostgresServer.SUPERUSER, superuserPassword.get())) {
            log.info("creating the database roles of the embedded PostgreSQL");
            createRolesAndDatabase(superuser, owner, app);
            try (Connection bazaar = connect(EmbeddedPostgresServer.DATABASE, EmbeddedPostgresServer.SUPERUSER,
                    superuserPassword.get())) {
                int adopted = DatabaseRoles.adopt(bazaar);
                if (adopted > 0) {
                    log.info("handed {} objects of an older installation to {}", adopted, DatabaseRoles.OWNER);
                }
            }
            requireLogin(DatabaseRoles.OWNER, owner);
            requireLogin(DatabaseRoles.APP, app);
            try (Statement st = superuser.createStatement()) {
                st.execute("ALTER ROLE " + EmbeddedPostgresServer.SUPERUSER + " PASSWORD NULL");
            }
        } catch (SQLException e) {
            if (!INVALID_PASSWORD.equals(e.getSQLState()) || !loginWorks(DatabaseRoles.OWNER, owner)
                    || !loginWorks(DatabaseRoles.APP, app)) {
                throw new EmbeddedPostgresException("could not set up the database roles of the embedded PostgreSQL: "
                        + e.getMessage().lines().findFirst().orElse(""), e);
            }
            // killed after the superuser's password was removed, before its file was deleted: nothing left but that
        }
        files.deleteSuperuser();
        log.info("database roles ready; the superuser can no longer log in");
    }

    private static void createRolesAndDatabase(Connection superuser, String owner, String app) throws SQLException {
        try (Statement st = superuser.createStatement()) {
            st.execute(DatabaseRoles.createRolesSql());
            st.execute("ALTER ROLE " + DatabaseRoles.OWNER + " LOGIN");
            st.execute("ALTER ROLE " + DatabaseRoles.APP + " LOGIN");
            PGConnection pg = superuser.unwrap(PGConnection.class);
            // hashed here (SCRAM): the password itself never reaches the server or its log
            pg.alterUserPassword(DatabaseRoles.OWNER, owner.toCharArray(), null);
            pg.alterUserPassword(DatabaseRoles.APP, app.toCharArray(), null);
            boolean exists;
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '"
                    + EmbeddedPostgresServer.DATABASE + "'")) {
                exists = rs.next();
            }
            st.execute(exists ? "ALTER DATABASE " + EmbeddedPostgresServer.DATABASE + " OWNER TO " + DatabaseRoles.OWNER
                    : "CREATE DATABASE " + EmbeddedPostgresServer.DATABASE + " OWNER " + DatabaseRoles.OWNER);
            // commands connect to their database only, and create no temporary tables there
            st.execute("REVOKE ALL ON DATABASE " + EmbeddedPostgresServer.DATABASE + " FROM PUBLIC");
            st.execute("GRANT CONNECT ON DATABASE " + EmbeddedPostgresServer.DATABASE + " TO " + DatabaseRoles.APP);
            st.execute("REVOKE CONNECT ON DATABASE postgres FROM PUBLIC");
            st.execute("REVOKE CONNECT ON DATABASE template1 FROM PUBLIC");
        }
    }

    private void requireLogin(String user, String password) throws SQLException {
        try (Connection ignored = connect(EmbeddedPostgresServer.DATABASE, user, password)) {
            // the password file and PostgreSQL agree
        }
    }

    private boolean loginWorks(String user, String password) {
        try {
            requireLogin(user, password);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private Connection connect(String database, String user, String password) throws SQLException {
        // a server that accepted the socket but does not answer must not hang the start
        Properties props = com.bazaar.postgres.connection.ConnectionSettings.DEFAULT.driverProperties(user, password);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, props);
    }
}
