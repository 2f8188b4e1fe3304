package com.bazaar.cli;

import com.bazaar.domain.identity.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens are shown once, stored only as hashes, and stop working the moment their user is revoked. */
class TokensTest {

    @TempDir
    Path home;
    private TestBazaar bazaar;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
    }

    @Test
    void userCreatePrintsTheTokenOnceAsTheLastLineAndStoresOnlyItsHash() {
        var run = bazaar.cli(bazaar.adminToken(), "user", "create", "--name", "olivia", "--role", "operator,finance");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        String token = run.lastLine();
        assertThat(token).matches("bzr_[A-Za-z0-9_-]{43}");
        var whoami = bazaar.cli(token, "whoami");
        assertThat(whoami.exitCode()).isZero();
        assertThat(whoami.out()).contains("olivia").contains("operator,finance");
        String everything = bazaar.jdbc.sql("SELECT string_agg(t::text, ' ') FROM users t").query(String.class).single()
                + bazaar.jdbc.sql("SELECT string_agg(t::text, ' ') FROM audit_log t").query(String.class).single();
        assertThat(everything).doesNotContain(token).doesNotContain(token.substring(4));
        assertThat(bazaar.cli(bazaar.adminToken(), "user", "list").out()).doesNotContain(token);
    }

    @Test
    void aRevokedTokenStopsWorkingAtOnce() {
        String token = bazaar.user("olivia", Role.OPERATOR, null);
        assertThat(bazaar.cli(token, "seller", "list").exitCode()).isZero();
        var revoke = bazaar.cli(bazaar.adminToken(), "user", "revoke", "olivia", "--reason", "left the company");
        assertThat(revoke.exitCode()).as(revoke.toString()).isZero();
        var after = bazaar.cli(token, "seller", "list");
        assertThat(after.exitCode()).isEqualTo(ExitCode.DENIED);
        assertThat(after.err()).contains("the API token of user olivia was revoked");
        var again = bazaar.cli(bazaar.adminToken(), "user", "revoke", "olivia");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("already revoked");
    }

    @Test
    void theLastAdminCannotBeRevoked() {
        var run = bazaar.cli(bazaar.adminToken(), "user", "revoke", "admin");
        assertThat(run.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(run.err()).contains("last active admin");
        String second = bazaar.user("root2", Role.ADMIN, null);
        assertThat(bazaar.cli(second, "user", "revoke", "admin").exitCode()).isZero();
    }

    @Test
    void initPrintsTheAdminTokenLastAndRefusesASecondRun() {
        TestBazaar fresh = TestBazaar.fresh(home);
        var init = fresh.cli(null, "init", "--admin-name", "root");
        assertThat(init.exitCode()).as(init.toString()).isZero();
        assertThat(fresh.cli(init.lastLine(), "whoami").out()).contains("root");
        var again = fresh.cli(null, "init");
        assertThat(again.exitCode()).isEqualTo(ExitCode.CONFLICT);
        assertThat(again.err()).contains("already initialised");
    }

    @Test
    void commandsOnAnUninitialisedDatabaseSayWhatToDo() {
        TestBazaar fresh = TestBazaar.fresh(home);
        var run = fresh.cli("bzr_" + "A".repeat(43), "seller", "list");
        assertThat(run.exitCode()).isEqualTo(ExitCode.DENIED);
        var empty = com.bazaar.testsupport.TestDatabases.empty();
        var env = new java.util.HashMap<String, String>();
        env.put("HOME", home.toString());
        env.putAll(TestBazaar.databaseEnv(empty));
        env.put("BAZAAR_TOKEN", "bzr_" + "A".repeat(43));
        var uninitialised = TestBazaar.run(env, "seller", "list");
        assertThat(uninitialised.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(uninitialised.err()).contains("not initialised").contains("bazaar init");
    }
}
