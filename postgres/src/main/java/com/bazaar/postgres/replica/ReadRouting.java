package com.bazaar.postgres.replica;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.AbstractDataSource;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends read-only transactions to a read replica, and everything else to the primary. A Spring
 * {@link LazyConnectionDataSourceProxy} picks the side when a transaction's first statement runs: read-only
 * transactions ({@code Transactions.readOnly}) go to {@link #readSide()}, which answers with the replica's connection
 * only while
 * <ul>
 *   <li>the replica answers (down: the primary, with a warning on stderr - never an error),</li>
 *   <li>it is a standby behind the primary by at most {@code maxLag} ({@link ReplicaLag}; checked at most once a
 *   second, a lag beyond the bound confirmed 100 ms later; lagging further, or not a standby at all: the primary,
 *   with a warning), and</li>
 *   <li>this process has not committed a write in the last {@code maxLag} (read your own writes: a replica within the
 *   bound has replayed a commit older than the bound).</li>
 * </ul>
 * Read-write transactions, statements outside transactions, locks ({@code FOR UPDATE}), migrations and advisory
 * locks all run on the primary. A write is a committed transaction that was given a transaction id
 * ({@code pg_current_xact_id_if_assigned()}, asked just before each commit on the primary).
 */
public final class ReadRouting {

    private static final Logger log = LoggerFactory.getLogger(ReadRouting.class);
    private static final Duration RECHECK = Duration.ofSeconds(1);
    private static final Duration CONFIRM = Duration.ofMillis(100);

    /** Which side served (or would serve) read-only work, and why; for health and tests. */
    public record Choice(boolean replica, String reason, Optional<ReplicaLag> lag) {
    }

    private final DataSource primary;
    private final DataSource replica;
    private final Duration maxLag;
    private final Clock clock;
    private final LazyConnectionDataSourceProxy routed;
    private volatile Instant lastWrite = Instant.MIN;
    private volatile Instant checkedAt = Instant.MIN;
    private volatile Choice choice = new Choice(false, "not checked yet", Optional.empty());
    private volatile String lastWarning;

    /**
     * @param primary every write and every read that is not read-only
     * @param replica read-only transactions while it is usable; its connections are opened on first use
     * @param maxLag  a replica further behind than this is not used
     */
    public ReadRouting(DataSource primary, DataSource replica, Duration maxLag, Clock clock) {
        this.primary = Objects.requireNonNull(primary);
        this.replica = Objects.requireNonNull(replica);
        this.maxLag = maxLag;
        this.clock = clock;
        DataSource writes = new AbstractDataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                return noticingWrites(primary.getConnection());
            }

            @Override
            public Connection getConnection(String user, String password) throws SQLException {
                return noticingWrites(primary.getConnection(user, password));
            }
        };
        this.routed = new LazyConnectionDataSourceProxy(writes);
        this.routed.setReadOnlyDataSource(readSide());
    }

    /** The DataSource for the whole runtime: read-only transactions to the replica when usable, the rest to the primary. */
    public DataSource dataSource() {
        return routed;
    }

    /** Where read-only work goes now, checking the replica if the last check is older than a second. */
    public Choice choice() {
        Instant now = clock.instant();
        if (now.isBefore(checkedAt.plus(RECHECK))) {
            return choice;
        }
        Choice next = check();
        choice = next;
        checkedAt = now;
        if (!next.replica() && !next.reason().equals(lastWarning)) {
            log.warn("read-only work goes to the primary: {}", next.reason());
        }
        lastWarning = next.replica() ? null : next.reason();
        return next;
    }

    private Choice check() {
        try (Connection p = primary.getConnection(); Connection r = replica.getConnection()) {
            ReplicaLag lag = ReplicaLag.measure(p, r);
            if (lag.standby() && !lag.within(maxLag)) {
                // the primary writes a record now and then even when idle (a checkpoint, a snapshot of running
                // transactions): a streaming replica replays it within milliseconds, a lagging one does not
                Thread.sleep(CONFIRM.toMillis());
                lag = ReplicaLag.measure(p, r);
            }
            if (!lag.standby()) {
                return new Choice(false, "the read database is not a replica (it is not in recovery)",
                        Optional.of(lag));
            }
            if (!lag.within(maxLag)) {
                return new Choice(false, "the replica is " + lag.describe() + ", beyond the bound of "
                        + maxLag.toSeconds() + " s (db.read-max-lag)", Optional.of(lag));
            }
            return new Choice(true, "the replica is " + lag.describe(), Optional.of(lag));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Choice(false, "interrupted while checking the replica", Optional.empty());
        } catch (SQLException | RuntimeException e) {
            if (replica instanceof SingleConnectionDataSource single) {
                single.resetConnection(); // a broken connection is not reused: the next check connects anew
            }
            String why = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse("");
            return new Choice(false, "the replica does not answer (" + why + ")", Optional.empty());
        }
    }

    private DataSource readSide() {
        return new AbstractDataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                if (clock.instant().isBefore(lastWrite.plus(maxLag))) {
                    log.debug("read-only work on the primary: this process wrote at {}", lastWrite);
                    return primary.getConnection(); // this process wrote within the bound: read it back there
                }
                if (choice().replica()) {
                    try {
                        log.debug("read-only work on the replica: {}", choice.reason());
                        return replica.getConnection();
                    } catch (SQLException e) {
                        if (replica instanceof SingleConnectionDataSource single) {
                            single.resetConnection();
                        }
                        checkedAt = Instant.MIN; // check again next time; now: the primary
                        log.warn("read-only work goes to the primary: the replica does not answer ({})",
                                e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse(""));
                    }
                }
                return primary.getConnection();
            }

            @Override
            public Connection getConnection(String user, String password) throws SQLException {
                return getConnection();
            }
        };
    }

    /** The primary's connection, noting the time of each commit of a transaction that wrote. */
    private Connection noticingWrites(Connection target) {
        return (Connection) Proxy.newProxyInstance(ReadRouting.class.getClassLoader(),
                new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("commit") && args == null && !target.getAutoCommit()) {
                        boolean wrote = wrote(target);
                        invoke(target, method, null);
                        if (wrote) {
                            lastWrite = clock.instant();
                            log.debug("a write committed on the primary: read-only work reads there for {}", maxLag);
                        }
                        return null;
                    }
                    return invoke(target, method, args);
                });
    }

    /** Whether the open transaction wrote; when that cannot be told (an aborted transaction), it counts as written. */
    private static boolean wrote(Connection c) {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_catalog.pg_current_xact_id_if_assigned() IS NOT NULL")) {
            return !rs.next() || rs.getBoolean(1);
        } catch (SQLException e) {
            return true;
        }
    }

    private static Object invoke(Connection target, java.lang.reflect.Method method, Object[] args)
            throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
