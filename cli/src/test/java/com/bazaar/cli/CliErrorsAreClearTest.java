package com.bazaar.cli;

import com.bazaar.domain.identity.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets one clear sentence on stderr and the documented exit code, never a stack trace. */
class CliErrorsAreClearTest {

    @TempDir
    static Path home;
    private static TestBazaar bazaar;
    private static String admin;

    @BeforeAll
    static void setUp() {
        bazaar = TestBazaar.initialised(home);
        admin = bazaar.adminToken();
        bazaar.seller("ACME", "USD");
    }

    private static void assertClean(TestBazaar.Run run, int exitCode, String message) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(exitCode);
        assertThat(run.err()).as(run.toString()).contains(message)
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void unknownSeller() {
        assertClean(bazaar.cli(admin, "seller", "show", "NOPE"), ExitCode.NOT_FOUND, "error: seller NOPE does not exist");
    }

    @Test
    void duplicateCode() {
        assertClean(bazaar.cli(admin, "seller", "create", "--code", "acme", "--name", "Other", "--currency", "USD"),
                ExitCode.CONFLICT, "error: seller ACME already exists");
    }

    @Test
    void invalidValuesNameTheFieldAndTheValue() {
        assertClean(bazaar.cli(admin, "seller", "create", "--code", "A B", "--name", "x", "--currency", "USD"),
                ExitCode.REJECTED, "seller code must be 2-32 characters");
        assertClean(bazaar.cli(admin, "seller", "create", "--code", "NEW", "--name", "x", "--currency", "DOLLARS"),
                ExitCode.REJECTED, "currency must be an ISO 4217 code such as USD, EUR or JPY (got 'DOLLARS')");
        assertClean(bazaar.cli(admin, "user", "create", "--name", "x", "--role", "god"), ExitCode.REJECTED,
                "unknown role 'god'");
        assertClean(bazaar.cli(admin, "user", "create", "--name", "s", "--role", "seller"), ExitCode.REJECTED,
                "must be bound to a seller (--seller CODE)");
    }

    @Test
    void missingToken() {
        assertClean(bazaar.cli(null, "seller", "list"), ExitCode.DENIED,
                "error: no API token given: set BAZAAR_TOKEN or pass --token-file");
    }

    @Test
    void wrongToken() {
        String wrong = "bzr_" + "A".repeat(43);
        assertClean(bazaar.cli(wrong, "seller", "list"), ExitCode.DENIED, "error: the API token is not valid");
        assertClean(bazaar.cli("letmein", "seller", "list"), ExitCode.DENIED, "the token is malformed");
    }

    @Test
    void tokenFromAFile() throws Exception {
        Path file = home.resolve("token");
        Files.writeString(file, admin + "\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        var run = bazaar.cli(null, "whoami", "--token-file", file.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("admin");
        assertClean(bazaar.cli(null, "whoami", "--token-file", home.resolve("missing").toString()), ExitCode.DENIED,
                "the token file " + home.resolve("missing") + " does not exist");
    }

    @Test
    void usageErrorsExitWith2AndPointToHelp() {
        assertClean(bazaar.cli(admin, "seller", "frobnicate"), ExitCode.USAGE, "Run 'bazaar seller --help'");
        assertClean(bazaar.cli(admin, "seller", "create", "--code", "X1"), ExitCode.USAGE, "Missing required option");
        assertClean(bazaar.cli(admin, "seller", "list", "--output", "xml"), ExitCode.USAGE,
                "--output must be 'table', 'json', 'yaml' or 'csv'");
    }

    @Test
    void unreachableDatabaseIsOneSentence() {
        var run = TestBazaar.run(java.util.Map.of("HOME", home.toString(), "BAZAAR_TOKEN", admin,
                "BAZAAR_DB_URL", "jdbc:postgresql://127.0.0.1:1/nowhere"), "seller", "list");
        assertClean(run, ExitCode.FAILURE, "error: cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/nowhere");
    }

    @Test
    void debugShowsTheStackTrace() {
        var run = bazaar.cli(admin, "seller", "show", "NOPE", "--debug");
        assertThat(run.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(run.err()).contains("NotFound").contains("\tat ");
    }

    @Test
    void jsonOutputIsOneParseableDocument() throws Exception {
        var run = bazaar.cli(admin, "seller", "suspend", "ACME", "--reason", "late shipments", "--output", "json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        var json = tools.jackson.databind.json.JsonMapper.builder().build().readTree(run.out());
        assertThat(json.get("status").asString()).isEqualTo("SUSPENDED");
        assertThat(json.get("changed").asBoolean()).isTrue();
        bazaar.cli(admin, "seller", "reinstate", "ACME");
    }

    @Test
    void helpListsEverythingAndNeedsNoDatabase() {
        var run = TestBazaar.run(java.util.Map.of("BAZAAR_DB_URL", "jdbc:postgresql://127.0.0.1:1/nowhere"), "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("init", "demo", "whoami", "user", "seller", "audit", "db", "config",
                "Exit codes:");
        var seller = TestBazaar.run(java.util.Map.of(), "seller", "--help");
        assertThat(seller.out()).contains("create", "list", "show", "suspend", "reinstate");
    }

    @Test
    void aSellerUserCannotEscapeItsSellerThroughTheCli() {
        String token = bazaar.user("acme-clerk", Role.SELLER, "ACME");
        assertThat(bazaar.cli(token, "seller", "list", "--output", "json").out()).contains("ACME");
    }
}
