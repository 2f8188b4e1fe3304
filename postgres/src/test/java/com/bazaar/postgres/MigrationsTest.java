package com.bazaar.postgres;

import com.bazaar.testsupport.TestDatabase;
import com.bazaar.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationsTest {

    @Test
    void migrationsApplyOnAnEmptyDatabaseAndLeaveTheSchemaCurrent() {
        TestDatabase db = TestDatabases.empty();
        Migrations migrations = new Migrations(db.ownerDataSource());
        assertThat(migrations.check()).isEqualTo(Migrations.SchemaState.EMPTY);

        int applied = migrations.migrate();

        assertThat(applied).isEqualTo(Migrations.LATEST_VERSION);
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
}
