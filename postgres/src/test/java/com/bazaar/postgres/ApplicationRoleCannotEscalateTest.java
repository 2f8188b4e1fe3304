package com.bazaar.postgres;

import com.bazaar.domain.audit.AuditChain;
import com.bazaar.domain.audit.AuditEntry;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.shared.CorrelationId;
import com.bazaar.testsupport.TestDatabase;
import com.bazaar.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whatever SQL reaches the database through a command's connection (a bug, an injection, a stolen db-app.password),
 * the application's role cannot leave its lane: no operating-system commands or server files, no change to the audit
 * trail or its head except appending, no triggers, functions, schemas or temporary tables of its own, no other role.
 * Every attempt is refused by PostgreSQL with insufficient_privilege, and the trail is exactly as it was.
 */
class ApplicationRoleCannotEscalateTest {

    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final Path MARKER = Path.of(System.getProperty("java.io.tmpdir"),
            "bazaar-escalation-" + UUID.randomUUID());

    private static TestDatabase db;
    private static DataSource app;
    private static JdbcAuditTrail trail;
    private static PostgresTransactions tx;
    private static List<Object> trailBefore;

    @BeforeAll
    static void aTrailWithRecords() throws Exception {
        db = TestDatabases.fresh();
        app = db.dataSource();
        Database database = new Database(app);
        trail = new JdbcAuditTrail(database, AuditTableIsAppendOnlyTest.KEYS);
        tx = new PostgresTransactions(database);
        append("seller.create");
        append("seller.suspend");
        trailBefore = trailState();
    }

    @AfterAll
    static void nothingMoved() throws Exception {
        assertThat(trailState()).as("audit trail and head after every attempt").isEqualTo(trailBefore);
        assertThat(MARKER).as("no program ran, no server file was written").doesNotExist();
    }

    private static void append(String action) {
        Actor actor = Actor.system("test", new CorrelationId("escalation"));
        tx.run(() -> trail.append(AuditEntry.change(Instant.parse("2026-11-25T10:00:00Z"), actor, action,
                "seller:ACME", null, Map.of("code", "ACME"))));
    }

    /** Every record and the head, read as the administrator. */
    private static List<Object> trailState() throws SQLException {
        try (Connection c = db.adminDataSource().getConnection(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT (SELECT string_agg(seq || ':' || hash || ':' || coalesce(reason, ''), ','"
                     + " ORDER BY seq) FROM audit_log), (SELECT string_agg(id || ':' || seq || ':' || hash, ',' ORDER BY id)"
                     + " FROM audit_chain_head)")) {
            rs.next();
            return List.of(rs.getString(1), rs.getString(2));
        }
    }

    static Stream<String> attempts() {
        String marker = MARKER.toString();
        return Stream.of(
                // the operating system: programs and server files
                "COPY (SELECT 1) TO PROGRAM 'touch " + marker + "'",
                "COPY audit_log FROM PROGRAM 'echo 3'",
                "COPY (SELECT 1) TO '" + marker + "'",
                "COPY import_rejections FROM '/etc/passwd'",
                "SELECT pg_read_file('/etc/passwd')",
                "SELECT pg_read_binary_file('/etc/passwd')",
                "SELECT pg_ls_dir('.')",
                "SELECT lo_import('/etc/passwd')",
                "SELECT lo_export(lo_from_bytea(0, 'x'), '" + marker + "')",
                "SELECT rolpassword FROM pg_authid",
                "ALTER SYSTEM SET log_statement = 'none'",
                // the audit trail and its head
                "UPDATE audit_log SET reason = 'rewritten' WHERE seq = 1",
                "DELETE FROM audit_log WHERE seq = 2",
                "TRUNCATE audit_log",
                "UPDATE audit_chain_head SET seq = seq + 1",
                "DELETE FROM audit_chain_head",
                "TRUNCATE audit_chain_head",
                "SELECT * FROM audit_chain_head FOR UPDATE",
                "BEGIN; LOCK TABLE audit_chain_head IN ACCESS EXCLUSIVE MODE; COMMIT",
                "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete",
                "ALTER TABLE audit_chain_head DISABLE TRIGGER ALL",
                "DROP TRIGGER audit_log_link_to_head ON audit_log",
                "CREATE TRIGGER relink BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()",
                "SET session_replication_role = replica", // would silence every trigger of the session
                "ALTER ROLE bazaar_app SET session_replication_role = replica",
                "ALTER TABLE audit_log OWNER TO bazaar_app",
                "DROP TABLE audit_log",
                "TRUNCATE ledger_postings",
                "DELETE FROM ledger_postings",
                // code of its own: functions, schemas, temporary objects (pg_temp would shadow tables by name)
                "CREATE FUNCTION public.audit_chain_head() RETURNS int LANGUAGE sql AS 'SELECT 1'",
                "CREATE OR REPLACE FUNCTION audit_chain_head_guard() RETURNS trigger LANGUAGE plpgsql"
                        + " AS 'BEGIN RETURN NEW; END'",
                "CREATE FUNCTION pg_temp.now() RETURNS timestamptz LANGUAGE sql AS 'SELECT now()'",
                "CREATE TEMP TABLE audit_chain_head (id smallint, seq bigint, hash char(64))",
                "CREATE TABLE public.shadow (x int)",
                "CREATE SCHEMA shadow",
                "SELECT audit_log_link()",
                "ALTER FUNCTION audit_log_link() OWNER TO bazaar_app",
                "ALTER FUNCTION audit_log_link() SECURITY INVOKER",
                "CALL analyze_staging_table('audit_log')",
                // other roles
                "SET ROLE bazaar_owner",
                "SET ROLE bazaar_audit",
                "SET ROLE " + db.admin().user(),
                "SET SESSION AUTHORIZATION " + db.admin().user(),
                "GRANT bazaar_owner TO bazaar_app",
                "GRANT bazaar_audit TO bazaar_app",
                "ALTER ROLE bazaar_app SUPERUSER",
                "ALTER ROLE bazaar_app CREATEROLE",
                "ALTER ROLE bazaar_owner PASSWORD 'taken-over'",
                "CREATE ROLE intruder LOGIN SUPERUSER",
                "CREATE DATABASE intruder");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attempts")
    void isRefused(String sql) {
        refused(app, sql);
    }

    private static void refused(DataSource as, String sql) {
        try (Connection c = as.getConnection(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute(sql)).as(sql).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).as(sql + " -> " + e.getMessage()).isEqualTo(INSUFFICIENT_PRIVILEGE));
        } catch (SQLException e) {
            throw new AssertionError("cannot connect as the application: " + e.getMessage(), e);
        }
    }

    @Test
    void grantingItselfMoreIsIgnoredAndLeavesItWithoutThePrivilege() throws Exception {
        try (Connection c = app.getConnection(); Statement st = c.createStatement()) {
            st.execute("GRANT UPDATE, DELETE, TRUNCATE, TRIGGER ON audit_log, audit_chain_head TO bazaar_app");
            try (var rs = st.executeQuery("SELECT has_table_privilege('audit_log', 'UPDATE')"
                    + " OR has_table_privilege('audit_log', 'DELETE') OR has_table_privilege('audit_log', 'TRIGGER')"
                    + " OR has_table_privilege('audit_chain_head', 'UPDATE')"
                    + " OR has_database_privilege(current_database(), 'TEMPORARY')"
                    + " OR has_schema_privilege('public', 'CREATE')")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isFalse();
            }
        }
    }

    @Test
    void theApplicationStillAppendsAndTheHeadMovesOneStepAtATime() {
        Database other = new Database(TestDatabases.fresh().dataSource());
        JdbcAuditTrail otherTrail = new JdbcAuditTrail(other, AuditTableIsAppendOnlyTest.KEYS);
        Actor actor = Actor.system("test", new CorrelationId("append"));
        for (int i = 1; i <= 3; i++) {
            new PostgresTransactions(other).run(() -> otherTrail.append(AuditEntry.change(
                    Instant.parse("2026-11-25T10:00:00Z"), actor, "seller.create", "seller:ACME", null, Map.of())));
            assertThat(otherTrail.head().seq()).isEqualTo(i);
        }
    }

    @Test
    void anAppendThatDoesNotExtendTheChainIsRefused() {
        assertThatThrownBy(() -> tx.run(() -> new Database(app).jdbc().sql("INSERT INTO audit_log (seq, occurred_at,"
                + " actor_name, actor_roles, action, target, outcome, correlation_id, prev_hash, hash) VALUES (99, now(),"
                + " 'mallory', '', 'x', 'y', 'SUCCESS', 'c', :prev, :hash)").param("prev", AuditChain.GENESIS)
                .param("hash", "f".repeat(64)).update())).rootCause().hasMessageContaining("does not extend chain stripe 1");
    }

    @Test
    void theAdministratorsTemporaryTriggerNoLongerMovesTheHead() throws Exception {
        // the trick of the review: a trigger runs at depth 2, where the old guard let any UPDATE of the head through
        try (Connection c = db.adminDataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE lever (x int)");
            st.execute("CREATE FUNCTION pg_temp.pull() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " UPDATE public.audit_chain_head SET seq = seq + 1, hash = repeat('e', 64); RETURN NEW; END $$");
            st.execute("CREATE TRIGGER pull AFTER INSERT ON lever FOR EACH ROW EXECUTE FUNCTION pg_temp.pull()");
            assertThatThrownBy(() -> st.execute("INSERT INTO lever VALUES (1)")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("moves only when an audit record is appended");
        }
    }

    /** Defence in depth: even where a DBA leaves temporary tables to PUBLIC, nothing shadows the audit tables. */
    @Nested
    class WithTemporaryTablesAllowed {

        private TestDatabase loose;

        private DataSource looseApp() {
            if (loose == null) {
                loose = TestDatabases.fresh();
                try (Connection c = loose.adminDataSource().getConnection(); Statement st = c.createStatement()) {
                    st.execute("GRANT TEMPORARY ON DATABASE " + loose.name() + " TO PUBLIC");
                } catch (SQLException e) {
                    throw new AssertionError(e);
                }
            }
            return loose.dataSource();
        }

        @Test
        void aTemporaryAuditChainHeadDoesNotFoolTheLinkFunction() throws Exception {
            try (Connection c = looseApp().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE audit_chain_head (id smallint, seq bigint, hash char(64))");
                st.execute("INSERT INTO audit_chain_head VALUES (1, 41, repeat('a', 64))");
                assertThatThrownBy(() -> st.execute("INSERT INTO public.audit_log (seq, occurred_at, actor_name,"
                        + " actor_roles, action, target, outcome, correlation_id, prev_hash, hash) VALUES (42, now(),"
                        + " 'mallory', '', 'x', 'y', 'SUCCESS', 'c', repeat('a', 64), repeat('b', 64))"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("does not extend chain stripe 1");
            }
            try (Connection c = loose.adminDataSource().getConnection(); Statement st = c.createStatement();
                 var rs = st.executeQuery("SELECT count(*), (SELECT seq FROM audit_chain_head WHERE id = 1) FROM audit_log")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
                assertThat(rs.getLong(2)).isZero();
            }
        }

        @Test
        void aTemporaryTriggerOfTheApplicationCannotMoveTheHead() throws Exception {
            try (Connection c = looseApp().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE lever (x int)");
                st.execute("CREATE FUNCTION pg_temp.pull() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " UPDATE public.audit_chain_head SET seq = seq + 1; RETURN NEW; END $$");
                st.execute("CREATE TRIGGER pull AFTER INSERT ON lever FOR EACH ROW EXECUTE FUNCTION pg_temp.pull()");
                assertThatThrownBy(() -> st.execute("INSERT INTO lever VALUES (1)"))
                        .isInstanceOfSatisfying(SQLException.class,
                                e -> assertThat(e.getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE));
            }
        }
    }
}
