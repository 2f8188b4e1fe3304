package com.bazaar.postgres.connection;

import com.bazaar.testsupport.TestDatabase;
import com.bazaar.testsupport.TestDatabases;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import java.net.Socket;
import java.net.StandardSocketOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Every connection carries a connect and login timeout and tuned TCP keepalive, and no socket timeout (a long statement
 * is never cut short); a failure counts as a lost database only when the connection itself is gone.
 */
class ConnectionsNoticeALostServerTest {

    @Test
    void driverPropertiesBoundTheConnectAndTheLoginButNoStatement() {
        Properties p = new ConnectionSettings(Duration.ofSeconds(7), Duration.ofSeconds(30)).driverProperties("u", null);
        assertThat(p.getProperty("connectTimeout")).isEqualTo("7");
        assertThat(p.getProperty("loginTimeout")).isEqualTo("7");
        assertThat(p.getProperty("tcpKeepAlive")).isEqualTo("true");
        assertThat(p.getProperty("socketFactory")).isEqualTo(KeepAliveSocketFactory.class.getName());
        assertThat(p.getProperty("user")).isEqualTo("u");
        assertThat(p).doesNotContainKeys("password", "socketTimeout");
        Properties off = new ConnectionSettings(Duration.ofSeconds(7), Duration.ZERO).driverProperties();
        assertThat(off).doesNotContainKeys("tcpKeepAlive", "socketFactory");
    }

    @Test
    void settingsOutsideTheirRangeAreRefused() {
        assertThatThrownBy(() -> new ConnectionSettings(Duration.ZERO, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConnectionSettings(Duration.ofSeconds(5), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConnectionSettings(Duration.ofHours(2), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void socketsProbeAfterHalfTheBudgetThenThreeTimesInTheRest() throws Exception {
        Properties info = new ConnectionSettings(Duration.ofSeconds(5), Duration.ofSeconds(30)).driverProperties();
        try (Socket socket = new KeepAliveSocketFactory(info).createSocket()) {
            assertThat(socket.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
            assumeThat(socket.supportedOptions()).as("per-socket keepalive (Linux, macOS)")
                    .contains(ExtendedSocketOptions.TCP_KEEPIDLE);
            assertThat(socket.getOption(ExtendedSocketOptions.TCP_KEEPIDLE)).isEqualTo(15);
            assertThat(socket.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL)).isEqualTo(5);
            assertThat(socket.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT)).isEqualTo(3);
        }
    }

    @Test
    void theDriverConnectsThroughTheKeepaliveSockets() throws Exception {
        TestDatabase db = TestDatabases.fresh();
        Properties p = ConnectionSettings.DEFAULT.driverProperties(db.user(), db.password());
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), p);
             var rs = c.createStatement().executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void aLostConnectionIsToldApartFromARefusedStatement() throws Exception {
        TestDatabase db = TestDatabases.fresh();
        // the server ends the session (pg_terminate_backend: what a restart or a failover does to it)
        try (Connection victim = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            int pid;
            try (var rs = victim.createStatement().executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            try (Connection admin = db.adminDataSource().getConnection();
                 var st = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
                st.setInt(1, pid);
                st.execute();
            }
            SQLException ended = org.assertj.core.api.Assertions.catchThrowableOfType(SQLException.class,
                    () -> victim.createStatement().execute("SELECT 1"));
            assertThat(ConnectionLoss.of(new RuntimeException("wrapped", ended))).isPresent();
        }
        // a refused statement on a live connection is not a lost database
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            SQLException refused = org.assertj.core.api.Assertions.catchThrowableOfType(SQLException.class,
                    () -> c.createStatement().execute("SELECT 1/0"));
            assertThat(ConnectionLoss.of(refused)).isEmpty();
        }
        // nobody listens: refused at once, class 08
        SQLException unreachable = org.assertj.core.api.Assertions.catchThrowableOfType(SQLException.class,
                () -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + closedPort() + "/x",
                        ConnectionSettings.DEFAULT.driverProperties("u", "p")));
        assertThat(ConnectionLoss.of(unreachable)).isPresent();
        assertThat(ConnectionLoss.of(new PSQLException("pool exhausted", null))).isEmpty();
        assertThat(ConnectionLoss.of(new PSQLException("x", PSQLState.CONNECTION_FAILURE))).isPresent();
    }

    private static int closedPort() throws Exception {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
