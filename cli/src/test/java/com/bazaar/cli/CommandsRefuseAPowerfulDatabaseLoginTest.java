package com.bazaar.cli;

import com.bazaar.testsupport.TestDatabase;
import com.bazaar.testsupport.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command given a database login that could do more than bazaar_app (a superuser, the schema's owner, a member of
 * the owner) refuses before doing anything, exit 3, in one sentence naming docs/security.md; migrations run as the
 * owner whatever login runs them, and a login that cannot act as the owner is refused.
 */
class CommandsRefuseAPowerfulDatabaseLoginTest {

    @TempDir
    static Path home;
    private static TestBazaar bazaar;

    @BeforeAll
    static void installation() {
        bazaar = TestBazaar.initialised(home);
    }

    private static Map<String, String> as(TestDatabase db, TestDatabase.Login login) {
        Map<String, String> env = new HashMap<>(TestBazaar.databaseEnv(db));
        env.put("HOME", home.toString());
        env.put("BAZAAR_HOME", home.resolve("bazaar-home").toString());
        env.put("BAZAAR_DB_USER", login.user());
        env.remove("BAZAAR_DB_PASSWORD");
        if (login.password() != null) {
            env.put("BAZAAR_DB_PASSWORD", login.password());
        }
        return env;
    }

    private static void refusedAndNothingChanged(TestBazaar.Run run, String user, String because) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.DENIED);
        assertThat(run.err().strip()).isEqualTo("error: commands refuse to run as database user '" + user + "' because "
                + because + ": give them a login with only the privileges of bazaar_app (docs/security.md, Database"
                + " roles)");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aSuperuserIsRefusedBeforeTheCommandRuns() {
        long audit = bazaar.auditCount();
        Map<String, String> env = as(bazaar.db, bazaar.db.admin());
        env.put("BAZAAR_TOKEN", bazaar.adminToken());
        var run = TestBazaar.run(env, "seller", "create", "--code", "ROOTED", "--name", "Rooted", "--currency", "USD");
        refusedAndNothingChanged(run, bazaar.db.admin().user(), "it is a superuser");
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM sellers WHERE code = 'ROOTED'").query(Long.class).single())
                .isZero();
        assertThat(bazaar.auditCount()).isEqualTo(audit);
    }

    @Test
    void theSchemaOwnerIsRefusedForCommandsButMayMigrate() {
        Map<String, String> env = as(bazaar.db, bazaar.db.owner());
        env.put("BAZAAR_TOKEN", bazaar.adminToken());
        refusedAndNothingChanged(TestBazaar.run(env, "whoami"), "bazaar_owner", "it owns the database or its schema");
        var health = TestBazaar.run(env, "health"); // a probe: exit 1 naming the failed check, and why
        assertThat(health.exitCode()).as(health.toString()).isEqualTo(ExitCode.FAILURE);
        assertThat(health.out()).containsPattern("database\\s+FAILED\\s+login refused: commands refuse to run as"
                + " database user 'bazaar_owner'");
        var migrate = TestBazaar.run(env, "db", "migrate");
        assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
    }

    @Test
    void aLoginThatCanBecomeTheOwnerIsRefused() {
        String member = "bazaar_t_member_" + ProcessHandle.current().pid();
        JdbcClient admin = bazaar.jdbc;
        admin.sql("CREATE ROLE " + member + " LOGIN PASSWORD 'member'").update();
        try {
            admin.sql("GRANT bazaar_owner TO " + member).update();
            Map<String, String> env = as(bazaar.db, new TestDatabase.Login(member, "member"));
            env.put("BAZAAR_TOKEN", bazaar.adminToken());
            refusedAndNothingChanged(TestBazaar.run(env, "seller", "list"), member,
                    "it can act as bazaar_audit, bazaar_owner");
        } finally {
            admin.sql("DROP ROLE " + member).update();
        }
    }

    @Test
    void initWithASuperuserAsTheOnlyLoginIsRefusedBeforeAnythingIsMigrated() {
        TestDatabase empty = TestDatabases.empty();
        Map<String, String> env = as(empty, empty.admin());
        env.remove("BAZAAR_DB_OWNER_USER");
        env.remove("BAZAAR_DB_OWNER_PASSWORD");
        var run = TestBazaar.run(env, "init");
        refusedAndNothingChanged(run, empty.admin().user(), "it is a superuser");
        assertThat(JdbcClient.create(empty.adminDataSource())
                .sql("SELECT to_regclass('flyway_schema_history') IS NULL").query(Boolean.class).single())
                .as("nothing migrated").isTrue();
    }

    @Test
    void migratingWithOnlyTheApplicationsLoginIsRefusedInOneSentence() {
        TestDatabase empty = TestDatabases.empty();
        Map<String, String> env = as(empty, empty.app());
        env.remove("BAZAAR_DB_OWNER_USER");
        env.remove("BAZAAR_DB_OWNER_PASSWORD");
        var run = TestBazaar.run(env, "db", "migrate");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.DENIED);
        assertThat(run.err().strip()).isEqualTo("error: database user 'bazaar_app' cannot act as bazaar_owner, who owns"
                + " the schema: migrate as bazaar_owner or as a member of it (GRANT bazaar_owner TO bazaar_app;"
                + " docs/security.md, Database roles)");
    }

    @Test
    void initWithASuperuserForMigrationsLeavesEveryObjectToTheOwner() {
        TestDatabase empty = TestDatabases.empty();
        Map<String, String> env = as(empty, empty.app());
        env.put("BAZAAR_DB_OWNER_USER", empty.admin().user()); // a superuser may migrate: it acts as bazaar_owner
        env.remove("BAZAAR_DB_OWNER_PASSWORD");
        if (empty.admin().password() != null) {
            env.put("BAZAAR_DB_OWNER_PASSWORD", empty.admin().password());
        }
        var run = TestBazaar.run(env, "init");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JdbcClient admin = JdbcClient.create(empty.adminDataSource());
        assertThat(admin.sql("SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"
                + " AND relkind IN ('r', 'S', 'v') AND pg_get_userbyid(relowner) <> 'bazaar_owner'")
                .query(Long.class).single()).as("objects not owned by bazaar_owner").isZero();
        assertThat(admin.sql("SELECT count(*) FROM users").query(Long.class).single()).as("the first admin").isOne();
    }
}
