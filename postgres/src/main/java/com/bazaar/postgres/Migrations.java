package com.bazaar.postgres;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The schema's version: Flyway migrations from the {@code migrations} module ({@code classpath:db/migration}).
 * {@link #check} is the cheap test every command runs; Flyway itself is loaded only to migrate or report.
 * Migrations run as {@value DatabaseRoles#OWNER} whatever login connects ({@code SET ROLE}), so every object and
 * Flyway's history table belong to the owner (docs/security.md, Database roles).
 */
public final class Migrations {

    /**
     * The newest migration this build ships. A test compares it with the files in the migrations module,
     * so adding a migration without raising this number fails the build.
     */
    public static final int LATEST_VERSION = 34;

    /** One migration as {@code bazaar db status} shows it. */
    public record Step(String version, String description, String state, Optional<Instant> installedOn) {
    }

    /** What the database holds compared with this build. */
    public enum SchemaState { EMPTY, CURRENT, BEHIND, AHEAD }

    private final DataSource dataSource;

    public Migrations(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private Flyway flyway() {
        return configuration().load();
    }

    private org.flywaydb.core.api.configuration.FluentConfiguration configuration() {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true);
    }

    /**
     * Applies pending migrations as {@value DatabaseRoles#OWNER}; returns how many were applied. Creates the roles
     * first when they are missing and the login may create roles, and refuses (PermissionDenied) when it may not or
     * cannot act as the owner.
     */
    public int migrate() {
        if (check() == SchemaState.CURRENT) {
            return 0; // nothing to apply: any login that may read the schema's version may ask
        }
        try (Connection c = dataSource.getConnection()) {
            DatabaseRoles.prepareMigration(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the migration: " + e.getMessage(), e);
        }
        try {
            MigrateResult result = configuration().initSql("SET ROLE " + DatabaseRoles.OWNER).load().migrate();
            return result.migrationsExecuted;
        } finally {
            resetRole();
        }
    }

    /** A connection of a single-connection data source keeps its role after Flyway: give it back its login's. */
    private void resetRole() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("RESET ROLE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset the role after migrating: " + e.getMessage(), e);
        }
    }

    public List<Step> status() {
        return Arrays.stream(flyway().info().all()).map(Migrations::step).toList();
    }

    /** The highest migration version found on the classpath (used by the test that guards LATEST_VERSION). */
    public int latestOnClasspath() {
        return Arrays.stream(flyway().info().all())
                .filter(i -> i.getVersion() != null)
                .mapToInt(i -> Integer.parseInt(i.getVersion().getVersion()))
                .max().orElse(0);
    }

    private static Step step(MigrationInfo info) {
        return new Step(info.getVersion() == null ? "" : info.getVersion().getVersion(), info.getDescription(),
                info.getState().getDisplayName(),
                Optional.ofNullable(info.getInstalledOn()).map(java.util.Date::toInstant));
    }

    /** Compares the applied schema version with {@link #LATEST_VERSION} using one query. */
    public SchemaState check() {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        boolean hasHistory = jdbc.sql("SELECT to_regclass('flyway_schema_history') IS NOT NULL")
                .query(Boolean.class).single();
        if (!hasHistory) {
            return SchemaState.EMPTY;
        }
        if (!jdbc.sql("SELECT has_table_privilege('flyway_schema_history', 'SELECT')").query(Boolean.class).single()) {
            // an installation older than the database roles (V10): the migration grants what commands need
            return SchemaState.BEHIND;
        }
        Integer applied = jdbc.sql("SELECT max(CAST(version AS integer)) FROM flyway_schema_history "
                        + "WHERE success AND version IS NOT NULL")
                .query(Integer.class).single();
        int version = applied == null ? 0 : applied;
        if (version == 0) {
            return SchemaState.EMPTY;
        }
        return version < LATEST_VERSION ? SchemaState.BEHIND
                : version > LATEST_VERSION ? SchemaState.AHEAD : SchemaState.CURRENT;
    }
}
