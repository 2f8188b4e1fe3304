package com.bazaar.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The zero-setup default, exercised through the packaged jar as separate processes: data survives between
 * commands, commands started at the same moment all succeed (also when they race to start the server), and a
 * {@code kill -9} of a command or of the server itself never leaves the next command broken. On CI this runs as
 * root, so it also proves the {@code unshare -U} path.
 */
class EmbeddedDatabaseIT {

    @TempDir
    static Path scratch;
    private static BazaarProcess bazaar;
    private static String token;

    @BeforeAll
    static void init() throws Exception {
        bazaar = new BazaarProcess(scratch.resolve("home"), scratch.resolve("io"));
        var init = bazaar.run(null, "init");
        assertThat(init.exitCode()).as(init.toString()).isZero();
        token = init.lastLine();
        assertThat(token).startsWith("bzr_");
    }

    @AfterAll
    static void stop() throws Exception {
        if (bazaar != null) {
            bazaar.run(null, "db", "stop");
        }
    }

    private List<BazaarProcess.Result> atOnce(int n, String... args) throws Exception {
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            processes.add(bazaar.start(token, args));
        }
        List<BazaarProcess.Result> results = new ArrayList<>();
        for (Process p : processes) {
            results.add(bazaar.await(p));
        }
        return results;
    }

    @Test
    void dataSurvivesBetweenCommandsAndServerRestarts() throws Exception {
        var create = bazaar.run(token, "seller", "create", "--code", "DURABLE", "--name", "Durable Ltd", "--currency", "USD");
        assertThat(create.exitCode()).as(create.toString()).isZero();
        assertThat(bazaar.run(null, "db", "stop").exitCode()).isZero();
        var show = bazaar.run(token, "seller", "show", "DURABLE");
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).contains("Durable Ltd");
    }

    @Test
    void commandsStartedAtTheSameMomentAllSucceed() throws Exception {
        assertThat(atOnce(3, "whoami")).allSatisfy(r -> assertThat(r.exitCode()).as(r.toString()).isZero());
    }

    @Test
    void commandsRacingToStartTheServerAllSucceed() throws Exception {
        assertThat(bazaar.run(null, "db", "stop").exitCode()).isZero();
        assertThat(atOnce(3, "seller", "list")).allSatisfy(r -> assertThat(r.exitCode()).as(r.toString()).isZero());
    }

    @Test
    void aCommandKilledWhileStartingTheServerDoesNotBreakTheNextOne() throws Exception {
        for (int delayMillis : new int[]{150, 400, 700}) {
            bazaar.run(null, "db", "stop");
            Process victim = bazaar.start(token, "whoami");
            TimeUnit.MILLISECONDS.sleep(delayMillis);
            victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            var next = bazaar.run(token, "whoami");
            assertThat(next.exitCode()).as("after kill -9 at " + delayMillis + " ms: " + next).isZero();
        }
    }

    @Test
    void aKilledServerIsRestartedByTheNextCommand() throws Exception {
        assertThat(bazaar.run(token, "whoami").exitCode()).isZero();
        long pid = Long.parseLong(Files.readAllLines(bazaar.dataDirectory().resolve("postmaster.pid")).get(0).strip());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        var next = bazaar.run(token, "seller", "list");
        assertThat(next.exitCode()).as(next.toString()).isZero();
    }

    @Test
    void jsonLogsCarryTheCorrelationIdAndActorAndNeverASecret() throws Exception {
        Process p = bazaar.start(token, "--log-format", "json", "user", "create", "--name", "logtest", "--role", "sre",
                "--correlation-id", "ticket-77");
        var created = bazaar.await(p);
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String newToken = created.lastLine();
        var lines = created.err().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("{").endsWith("}"));
        assertThat(created.err()).contains("\"correlation_id\":\"ticket-77\"").contains("\"actor\":\"admin\"")
                .contains("bazaar user create finished with exit code 0");
        String app = Files.readString(scratch.resolve("home/db-app.password")).strip();
        String owner = Files.readString(scratch.resolve("home/db-owner.password")).strip();
        assertThat(created.err()).doesNotContain(newToken).doesNotContain(token).doesNotContain(app)
                .doesNotContain(owner);
        var debug = bazaar.run(newToken, "--log-format", "json", "whoami", "--debug");
        assertThat(debug.err()).doesNotContain(newToken).doesNotContain(app).doesNotContain(owner);
    }

    @Test
    void jsonLogsOfAJobCarryItsExecutionId() throws Exception {
        assertThat(bazaar.run(token, "seller", "create", "--code", "LOGS", "--name", "Logs", "--currency", "USD")
                .exitCode()).isZero();
        Path file = scratch.resolve("logs-catalog.csv");
        Files.writeString(file, "sku,title,price\nL-1,Cup,2.50\n");
        var run = bazaar.run(token, "--log-format", "json", "job", "run", "catalog-import", "--seller", "LOGS",
                "--file", file.toString(), "--correlation-id", "ticket-78");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        String execution = run.out().lines().filter(l -> l.startsWith("execution:")).findFirst().orElseThrow()
                .replace("execution:", "").strip();
        assertThat(run.err().lines().filter(l -> l.contains("job catalog-import execution " + execution + " ")))
                .hasSize(2).allSatisfy(l -> assertThat(l).contains("\"job_execution\":\"" + execution + "\"",
                        "\"correlation_id\":\"ticket-78\"", "\"actor\":\"admin\""));
    }

    @Test
    void serveFollowsTheEmbeddedServerThroughAStopAndARestartOnAnotherPort() throws Exception {
        Process server = bazaar.start(token, "serve", "--port", "0", "--refresh-every", "1s", "--expire-every", "0",
                "--settle-every", "0");
        try {
            String address = bazaar.awaitListening(server);
            awaitHealth(address, 200, "");
            String portBefore = Files.readAllLines(bazaar.dataDirectory().resolve("postmaster.pid")).get(3).strip();
            assertThat(bazaar.run(null, "db", "stop").exitCode()).isZero();
            // the server does not start the database behind the operator's back: it reports it down, in a sentence
            awaitHealth(address, 503, "is not running");
            assertThat(bazaar.run(null, "db", "status").exitCode()).isZero(); // any command starts it again
            String portAfter = Files.readAllLines(bazaar.dataDirectory().resolve("postmaster.pid")).get(3).strip();
            awaitHealth(address, 200, "");
            assertThat(BazaarProcess.get(address, "/actuator/health").body()).contains("\"status\":\"UP\"");
            assertThat(portAfter).as("a restarted embedded server listens on a new port; serve followed it")
                    .isNotEqualTo(portBefore);
        } finally {
            server.destroy();
            server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static void awaitHealth(String address, int status, String bodyContains) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        java.net.http.HttpResponse<String> response = BazaarProcess.get(address, "/actuator/health");
        while (response.statusCode() != status || !response.body().contains(bodyContains)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("health never became " + status + " with '" + bodyContains + "': "
                        + response.statusCode() + " " + response.body());
            }
            java.util.concurrent.TimeUnit.MILLISECONDS.sleep(200);
            response = BazaarProcess.get(address, "/actuator/health");
        }
    }

    @Test
    void commandsLogInAsTheApplicationRoleAndNoSuperuserPasswordIsLeft() throws Exception {
        assertThat(bazaar.home().resolve("postgres.password")).as("the superuser's one-time password").doesNotExist();
        assertThat(bazaar.home()).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith("postgres.pass"));
        try (var app = bazaar.databaseAsApplication(); var owner = bazaar.database()) {
            for (var c : java.util.List.of(app, owner)) {
                try (var st = c.createStatement(); var rs = st.executeQuery("SELECT session_user, rolsuper, rolcreaterole,"
                        + " EXISTS (SELECT 1 FROM pg_roles s WHERE s.rolsuper AND pg_has_role(session_user, s.oid,"
                        + " 'MEMBER')) FROM pg_roles WHERE rolname = session_user")) {
                    rs.next();
                    assertThat(java.util.List.of(rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4)))
                            .as(rs.getString(1) + ": superuser, createrole, member of a superuser").containsOnly(false);
                }
            }
            // while a command runs, its session is the application's role
            Process server = bazaar.start(token, "serve", "--port", "0", "--expire-every", "0", "--settle-every", "0");
            try {
                awaitHealth(bazaar.awaitListening(server), 200, ""); // its pool has read the database
                // (the owner sees who other roles' sessions belong to, not what they do: no backend_type filter)
                try (var st = owner.createStatement(); var rs = st.executeQuery("SELECT DISTINCT usename FROM"
                        + " pg_stat_activity WHERE datname = 'bazaar' AND pid <> pg_backend_pid()"
                        + " AND usename <> 'bazaar_owner'")) {
                    java.util.List<String> users = new java.util.ArrayList<>();
                    while (rs.next()) {
                        users.add(rs.getString(1));
                    }
                    assertThat(users).containsExactly("bazaar_app");
                }
            } finally {
                server.destroy();
                server.waitFor(30, TimeUnit.SECONDS);
            }
        }
        // 'COPY ... TO PROGRAM', the review's way to the operating system, is refused to the commands' login
        try (var app = bazaar.databaseAsApplication(); var st = app.createStatement()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> st.execute("COPY (SELECT 1) TO PROGRAM 'true'"))
                    .isInstanceOfSatisfying(java.sql.SQLException.class,
                            e -> assertThat(e.getSQLState()).as("insufficient privilege").isEqualTo("42501"));
        }
    }

    @Test
    void aFirstStartKilledAtAnyMomentIsCompletedByTheNextCommand() throws Exception {
        // kills land in unpacking, initdb, the server's start or the role bootstrap: wherever, the next command finishes
        BazaarProcess fresh = new BazaarProcess(scratch.resolve("killed-home"), scratch.resolve("killed-io"));
        try {
            for (int delayMillis : new int[]{2500, 4000, 5500, 7000}) {
                Process victim = fresh.start((String) null, "db", "status");
                if (!victim.waitFor(delayMillis, TimeUnit.MILLISECONDS)) {
                    victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            var init = fresh.run(null, "init");
            assertThat(init.exitCode()).as(init.toString()).isZero();
            assertThat(fresh.home().resolve("postgres.password")).doesNotExist();
            assertThat(fresh.run(init.lastLine(), "whoami").exitCode()).isZero();
        } finally {
            fresh.run(null, "db", "stop");
        }
    }

    @Test
    void statusShowsTheEmbeddedServerAndTheMigrations() throws Exception {
        var status = bazaar.run(null, "db", "status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).contains("embedded PostgreSQL in " + bazaar.dataDirectory()).contains("CURRENT")
                .contains("foundation").contains("Success");
        var migrate = bazaar.run(null, "db", "migrate");
        assertThat(migrate.out()).contains("nothing to apply");
    }

    @Test
    void aFailedJobSaysWhatFailedInOneSentenceWithoutAStackTrace() throws Exception {
        assertThat(bazaar.run(token, "seller", "create", "--code", "ACME", "--name", "Acme", "--currency", "USD")
                .exitCode()).isZero();
        Path file = scratch.resolve("catalog.csv");
        Files.writeString(file, "sku,title,price,status\nA-1,Cup,2.50,ACTIVE\nA-2,Bad,x,ACTIVE\n");
        var run = bazaar.run(token, "job", "run", "catalog-import", "--seller", "ACME", "--file", file.toString(),
                "--mode", "apply", "--on-error", "skip-rows", "--error-report",
                file.resolve("errors.csv").toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.FAILURE);
        var lines = run.errWithoutProgress().lines().filter(l -> !l.isBlank() && !l.startsWith("bazaar: preparing"))
                .toList();
        assertThat(lines).as(run.err()).hasSize(1);
        assertThat(lines.get(0)).startsWith("error: job ").contains("cannot write the error report")
                .contains("bazaar job restart");
        assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
    }
}
