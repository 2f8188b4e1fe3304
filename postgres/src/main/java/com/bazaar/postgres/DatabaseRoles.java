package com.bazaar.postgres;

import com.bazaar.domain.shared.PermissionDenied;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The three database roles (docs/security.md, "Database roles"): {@value #OWNER} owns the schema and runs the
 * migrations, {@value #APP} is what every command runs as, {@value #AUDIT} owns the one function that moves the audit
 * chain head. This class creates the roles where the login may, hands an older schema to the owner, and refuses a
 * command login that could do more than {@value #APP} may.
 */
public final class DatabaseRoles {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRoles.class);

    public static final String OWNER = "bazaar_owner";
    public static final String APP = "bazaar_app";
    public static final String AUDIT = "bazaar_audit";
    /** Where a person finds what to do about a refusal of this class. */
    public static final String DOCS = "docs/security.md, Database roles";
    private static final String CREATE_ROLES = "db/roles/create-roles.sql";

    private DatabaseRoles() {
    }

    /** The statements that create the roles when missing (idempotent): the embedded bootstrap runs them too. */
    public static String createRolesSql() {
        try (InputStream in = DatabaseRoles.class.getClassLoader().getResourceAsStream(CREATE_ROLES)) {
            if (in == null) {
                throw new IllegalStateException(CREATE_ROLES + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + CREATE_ROLES + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes this connection ready to migrate as {@value #OWNER}: creates the roles if they are missing and the login
     * may create roles, checks the login can act as the owner, and hands every object of the schema that still
     * belongs to someone else (an installation older than the roles) to the owner.
     */
    static void prepareMigration(Connection c) throws SQLException {
        if (!rolesExist(c)) {
            if (!mayCreateRoles(c)) {
                throw new PermissionDenied("DATABASE_ROLES_MISSING", "the database roles " + OWNER + ", " + APP
                        + " and " + AUDIT + " do not exist and database user '" + sessionUser(c) + "' may not create"
                        + " them: a DBA creates them as " + DOCS + " shows");
            }
            try (Statement st = c.createStatement()) {
                st.execute(createRolesSql());
            }
            log.info("created the database roles {}, {} and {}", OWNER, APP, AUDIT);
        }
        if (!canActAs(c, OWNER)) {
            throw new PermissionDenied("MIGRATION_LOGIN_NOT_OWNER", "database user '" + sessionUser(c)
                    + "' cannot act as " + OWNER + ", who owns the schema: migrate as " + OWNER + " or as a member of"
                    + " it (GRANT " + OWNER + " TO " + sessionUser(c) + "; " + DOCS + ")");
        }
        if (!bool(c, "SELECT pg_catalog.has_schema_privilege('" + OWNER + "', pg_catalog.current_schema(),"
                + " 'CREATE')")) {
            throw new PermissionDenied("OWNER_CANNOT_CREATE", OWNER + " may not create objects in the schema of this"
                    + " database: make it the database's owner (ALTER DATABASE ... OWNER TO " + OWNER + ", as a"
                    + " superuser; " + DOCS + ")");
        }
        int adopted = adopt(c);
        if (adopted > 0) {
            log.info("handed {} schema object(s) to {}", adopted, OWNER);
        }
    }

    /**
     * Hands every table, view, sequence, type and function of the current schema that belongs neither to
     * {@value #OWNER} nor to {@value #AUDIT} to {@value #OWNER}; returns how many. Run by a superuser (the embedded
     * bootstrap) or by a login that owns those objects and is a member of the owner.
     */
    public static int adopt(Connection c) throws SQLException {
        List<String[]> foreign = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                SELECT kind, name, pg_catalog.pg_get_userbyid(owner) FROM (
                    SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                                WHEN 'm' THEN 'MATERIALIZED VIEW'
                                WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'c' THEN 'TYPE' ELSE 'TABLE' END AS kind,
                           c.oid::regclass::text AS name, c.relowner AS owner
                    FROM pg_catalog.pg_class c
                    WHERE c.relnamespace = pg_catalog.current_schema()::regnamespace
                      AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c')
                      AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_class'::regclass
                                      AND d.objid = c.oid AND d.deptype IN ('a', 'i'))
                    UNION ALL
                    SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END,
                           p.oid::regprocedure::text, p.proowner
                    FROM pg_catalog.pg_proc p WHERE p.pronamespace = pg_catalog.current_schema()::regnamespace
                    UNION ALL
                    SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, t.oid::regtype::text, t.typowner
                    FROM pg_catalog.pg_type t WHERE t.typnamespace = pg_catalog.current_schema()::regnamespace
                      AND t.typtype IN ('d', 'e', 'r')
                ) objects
                WHERE pg_catalog.pg_get_userbyid(owner) NOT IN ('bazaar_owner', 'bazaar_audit')
                ORDER BY kind, name""")) {
            while (rs.next()) {
                foreign.add(new String[]{rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        for (String[] object : foreign) {
            try (Statement st = c.createStatement()) {
                st.execute("ALTER " + object[0] + " " + object[1] + " OWNER TO " + OWNER);
            } catch (SQLException e) {
                throw new PermissionDenied("SCHEMA_NOT_OWNED", object[0].toLowerCase() + " " + object[1]
                        + " belongs to '" + object[2] + "', not " + OWNER + ", and database user '" + sessionUser(c)
                        + "' cannot hand it over: run REASSIGN OWNED BY " + object[2] + " TO " + OWNER + " in this database as "
                        + object[2] + " or a superuser (" + DOCS + ")");
            }
        }
        return foreign.size();
    }

    /**
     * Refuses, in one sentence, a login that could do more than {@value #APP} may: a superuser (or a member of one),
     * a login that may create roles (it could grant itself the owner), that owns the database or the schema or may
     * act as their owner or as {@value #AUDIT}, or that holds PostgreSQL's roles for server files, server programs
     * or writing every table. Commands run untrusted input through SQL: with such a login a mistake becomes
     * operating-system commands or an audit trail rewritten in place.
     */
    public static void requireApplicationLogin(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                WITH me AS (SELECT oid, rolname, rolsuper, rolcreaterole FROM pg_catalog.pg_roles
                            WHERE rolname = session_user),
                     owners AS (SELECT datdba AS oid FROM pg_catalog.pg_database WHERE datname = current_database()
                                UNION SELECT relowner FROM pg_catalog.pg_class
                                      WHERE oid = pg_catalog.to_regclass('audit_log')
                                UNION SELECT oid FROM pg_catalog.pg_roles
                                      WHERE rolname IN ('bazaar_owner', 'bazaar_audit'))
                SELECT me.rolname, me.rolsuper, me.rolcreaterole,
                       EXISTS (SELECT 1 FROM owners o WHERE o.oid = me.oid) AS owner,
                       (SELECT pg_catalog.string_agg(r.rolname, ', ' ORDER BY r.rolname) FROM pg_catalog.pg_roles r
                        WHERE r.oid <> me.oid AND pg_catalog.pg_has_role(me.oid, r.oid, 'MEMBER')
                          AND (r.rolsuper OR r.rolcreaterole OR r.oid IN (SELECT oid FROM owners)
                               OR r.rolname IN ('pg_execute_server_program', 'pg_read_server_files',
                                                'pg_write_server_files', 'pg_write_all_data'))) AS powers
                FROM me""")) {
            if (!rs.next()) {
                return;
            }
            String user = rs.getString(1);
            String why = rs.getBoolean(2) ? "it is a superuser"
                    : rs.getBoolean(3) ? "it may create roles (CREATEROLE)"
                    : rs.getBoolean(4) ? "it owns the database or its schema"
                    : rs.getString(5) != null ? "it can act as " + rs.getString(5)
                    : null;
            if (why != null) {
                throw new PermissionDenied("DATABASE_LOGIN_TOO_POWERFUL", "commands refuse to run as database user '"
                        + user + "' because " + why + ": give them a login with only the privileges of " + APP
                        + " (" + DOCS + ")");
            }
        }
    }

    private static boolean rolesExist(Connection c) throws SQLException {
        return bool(c, """
                SELECT (SELECT count(*) FROM pg_catalog.pg_roles
                        WHERE rolname IN ('bazaar_owner', 'bazaar_app', 'bazaar_audit')) = 3
                   AND EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members m
                               JOIN pg_catalog.pg_roles r ON r.oid = m.roleid
                               JOIN pg_catalog.pg_roles u ON u.oid = m.member
                               WHERE r.rolname = 'bazaar_audit' AND u.rolname = 'bazaar_owner')""");
    }

    private static boolean mayCreateRoles(Connection c) throws SQLException {
        return bool(c, "SELECT rolsuper OR rolcreaterole FROM pg_catalog.pg_roles WHERE rolname = session_user");
    }

    private static boolean canActAs(Connection c, String role) throws SQLException {
        return bool(c, "SELECT pg_catalog.pg_has_role(session_user, '" + role + "', 'MEMBER')");
    }

    private static String sessionUser(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT session_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean bool(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() && rs.getBoolean(1);
        }
    }
}
