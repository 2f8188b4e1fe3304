package com.bazaar.postgres;

import com.bazaar.testsupport.TestDatabase;
import com.bazaar.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationsTest {

    @Test
    void migrationsApplyOnAnEmptyDatabaseAndLeaveTheSchemaCurrent() {
        TestDatabase db = TestDatabases.empty();
        Migrations migrations = new Migrations(db.dataSource());
        assertThat(migrations.check()).isEqualTo(Migrations.SchemaState.EMPTY);

        int applied = migrations.migrate();

        assertThat(applied).as("every shipped migration (versions need not be contiguous)")
                .isEqualTo(migrations.status().size());
        assertThat(migrations.check()).isEqualTo(Migrations.SchemaState.CURRENT);
        assertThat(migrations.status()).allSatisfy(step -> assertThat(step.state()).isEqualTo("Success"));
        assertThat(migrations.migrate()).as("a second run applies nothing").isZero();
    }

    @Test
    void latestVersionConstantMatchesTheShippedMigrations() {
        Migrations migrations = new Migrations(TestDatabases.empty().dataSource());
        assertThat(migrations.latestOnClasspath())
                .as("raise Migrations.LATEST_VERSION when adding a migration")
                .isEqualTo(Migrations.LATEST_VERSION);
    }
}
