package com.bazaar.postgres;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The schema's version: Flyway migrations from the {@code migrations} module ({@code classpath:db/migration}).
 * {@link #check} is the cheap test every command runs; Flyway itself is loaded only to migrate or report.
 */
public final class Migrations {

    /**
     * The newest migration this build ships. A test compares it with the files in the migrations module,
     * so adding a migration without raising this number fails the build.
     */
    public static final int LATEST_VERSION = 12;

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
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load();
    }

    /** Applies pending migrations; returns how many were applied. */
    public int migrate() {
        MigrateResult result = flyway().migrate();
        return result.migrationsExecuted;
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
