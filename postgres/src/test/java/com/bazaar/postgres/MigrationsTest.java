package com.bazaar.postgres;

import com.bazaar.domain.shared.PermissionDenied;
import com.bazaar.testsupport.TestDatabase;
import com.bazaar.testsupport.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigrationsTest {

    @Test
    void migrationsApplyOnAnEmptyDatabaseAndLeaveTheSchemaCurrent() {
        TestDatabase db = TestDatabases.empty();
        Migrations migrations = new Migrations(db.ownerDataSource());
        assertThat(migrations.check()).isEqualTo(Migrations.SchemaState.EMPTY);
        int shipped = migrations.status().size();

        int applied = migrations.migrate();

        assertThat(applied).isEqualTo(shipped);
        assertThat(migrations.check()).isEqualTo(Migrations.SchemaState.CURRENT);
        assertThat(migrations.status()).allSatisfy(step -> assertThat(step.state()).isEqualTo("Success"));
        assertThat(migrations.migrate()).as("a second run applies nothing").isZero();
    }

    @Test
    void latestVersionConstantMatchesTheShippedMigrations() {
        Migrations migrations = new Migrations(TestDatabases.empty().ownerDataSource());
        assertThat(migrations.latestOnClasspath())
                .as("raise Migrations.LATEST_VERSION when adding a migration")
                .isEqualTo(Migrations.LATEST_VERSION);
    }

    /**
     * An external installation from before the roles: one login created and owned everything. Once a DBA made it a
     * member of bazaar_owner, migrating with it hands every object to bazaar_owner; before that, it is refused.
     */
    @Test
    void anInstallationOlderThanTheRolesIsHandedToTheOwnerByItsOldLogin() {
        TestDatabase db = TestDatabases.empty();
        JdbcClient admin = JdbcClient.create(db.adminDataSource());
        String old = "bazaar_t_old_" + ProcessHandle.current().pid();
        admin.sql("CREATE ROLE " + old + " LOGIN PASSWORD 'old'").update();
        try {
            admin.sql("GRANT CREATE ON SCHEMA public TO " + old).update();
            PGSimpleDataSource oldLogin = new PGSimpleDataSource();
            oldLogin.setUrl(db.jdbcUrl());
            oldLogin.setUser(old);
            oldLogin.setPassword("old");
            Flyway.configure().dataSource(oldLogin).locations("classpath:db/migration").target("9").load().migrate();
            Migrations migrations = new Migrations(oldLogin);
            assertThat(migrations.check()).isEqualTo(Migrations.SchemaState.BEHIND);

            assertThatThrownBy(migrations::migrate).isInstanceOf(PermissionDenied.class)
                    .hasMessageContaining("cannot act as bazaar_owner");

            admin.sql("GRANT bazaar_owner TO " + old).update();
            assertThat(migrations.migrate()).isEqualTo(Migrations.LATEST_VERSION - 9);
            assertThat(admin.sql("SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"
                            + " AND relkind IN ('r', 'S') AND pg_get_userbyid(relowner) <> 'bazaar_owner'")
                    .query(Long.class).single()).as("objects not owned by bazaar_owner").isZero();
            assertThat(new Migrations(db.dataSource()).check()).as("as the application")
                    .isEqualTo(Migrations.SchemaState.CURRENT);
        } finally {
            admin.sql("DROP OWNED BY " + old).update();
            admin.sql("DROP ROLE " + old).update();
        }
    }
}
