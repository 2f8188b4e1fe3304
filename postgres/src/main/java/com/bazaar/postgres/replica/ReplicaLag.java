package com.bazaar.postgres.replica;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Optional;

/**
 * How far a streaming replica is behind its primary: the WAL bytes the primary has written that the replica has not
 * replayed yet ({@code pg_current_wal_lsn()} on the primary against {@code pg_last_wal_replay_lsn()} on the replica),
 * and the time since the replica replayed its last transaction when it is behind at all (zero when it has replayed
 * everything: an idle primary is no lag). Both queries are allowed to any login.
 *
 * @param standby whether the server measured is a replica at all ({@code pg_is_in_recovery()})
 * @param bytes   WAL bytes not replayed yet (0 when caught up); meaningful only for a standby
 * @param behind  how long ago the last replayed transaction committed on the primary, when behind; zero when caught
 *                up; empty when a standby that is behind has replayed no transaction yet (unknown)
 */
public record ReplicaLag(boolean standby, long bytes, Optional<Duration> behind) {

    /** Measures the lag of {@code replica} behind {@code primary}; a server that is not a standby is reported so. */
    public static ReplicaLag measure(Connection primary, Connection replica) throws SQLException {
        String replayed;
        Timestamp lastReplayed;
        try (Statement st = replica.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT pg_catalog.pg_is_in_recovery(), pg_catalog.pg_last_wal_replay_lsn()::text,"
                        + " pg_catalog.pg_last_xact_replay_timestamp()")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return new ReplicaLag(false, 0, Optional.of(Duration.ZERO));
            }
            replayed = rs.getString(2);
            lastReplayed = rs.getTimestamp(3);
        }
        try (PreparedStatement st = primary.prepareStatement(
                "SELECT GREATEST(0, pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_lsn(), ?::pg_lsn))::bigint,"
                        + " pg_catalog.clock_timestamp()")) {
            st.setString(1, replayed == null ? "0/0" : replayed);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                long bytes = rs.getLong(1);
                if (bytes == 0) {
                    return new ReplicaLag(true, 0, Optional.of(Duration.ZERO));
                }
                Timestamp now = rs.getTimestamp(2);
                return new ReplicaLag(true, bytes, Optional.ofNullable(lastReplayed)
                        .map(t -> Duration.between(t.toInstant(), now.toInstant()))
                        .map(d -> d.isNegative() ? Duration.ZERO : d));
            }
        }
    }

    /** Whether this replica may serve reads: a standby, and behind by at most {@code bound}. */
    public boolean within(Duration bound) {
        return standby && behind.map(d -> d.compareTo(bound) <= 0).orElse(false);
    }

    /** For people: "caught up", "12,345 bytes, 3.2 s behind", or "not a replica". */
    public String describe() {
        if (!standby) {
            return "not a replica (it is not in recovery)";
        }
        if (bytes == 0) {
            return "caught up";
        }
        return bytes + " bytes behind, " + behind.map(d -> String.format("%.1f s", d.toMillis() / 1000.0))
                .orElse("unknown time") + " since its last replayed transaction";
    }
}
