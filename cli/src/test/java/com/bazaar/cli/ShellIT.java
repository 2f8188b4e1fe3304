package com.bazaar.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bazaar shell}: the same commands, output and exit codes as the command line (one implementation, two front
 * ends), history, and - driven through tmux as a person would type - tab completion of nouns and verbs.
 */
class ShellIT {

    @TempDir
    static Path scratch;
    private static BazaarProcess bazaar;
    private static String token;

    @BeforeAll
    static void init() throws Exception {
        bazaar = new BazaarProcess(scratch.resolve("home"), scratch.resolve("io"));
        token = bazaar.run(null, "init").lastLine();
        assertThat(bazaar.run(token, "seller", "create", "--code", "ACME", "--name", "Acme", "--currency", "USD")
                .exitCode()).isZero();
        assertThat(bazaar.run(token, "product", "create", "--seller", "ACME", "--sku", "MUG-01", "--title", "Blue mug",
                "--price", "12.99").exitCode()).isZero();
        Path catalog = scratch.resolve("catalog.csv");
        Files.writeString(catalog, "sku,title,price,quantity,category,description\nTEA-01,Green tea,4.50,40,,\n");
        var plan = bazaar.run(token, "job", "run", "catalog-import", "--seller", "ACME", "--file", catalog.toString());
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        if (bazaar != null) {
            bazaar.run(null, "db", "stop");
        }
    }

    @Test
    void theShellRunsTheSameCommandsWithTheSameOutputAndErrors() throws Exception {
        var directList = bazaar.run(token, "seller", "list");
        var directMissing = bazaar.run(token, "seller", "show", "NOPE");
        assertThat(directMissing.exitCode()).isEqualTo(ExitCode.NOT_FOUND);

        Process shell = bazaar.start(token, "shell");
        shell.getOutputStream().write("seller list\nhelp seller list\nbazaar seller list --output json\nseller lst\n"
                .concat("seller show NOPE\nexit\n").getBytes(StandardCharsets.UTF_8));
        shell.getOutputStream().close();
        var session = bazaar.await(shell);
        assertThat(session.out()).contains("signed in as admin").contains(directList.out().strip())
                .contains("Usage: bazaar seller list") // help NOUN VERB is picocli's help of that command
                .contains(bazaar.run(token, "seller", "list", "--output", "json").out().strip())
                .contains("Exiting the shell"); // Spring Shell's loop
        assertThat(session.err()).contains(directMissing.err().strip()).contains("(exit 5)")
                .contains("Did you mean: seller list").contains("(exit 2)"); // picocli explains a typo
        assertThat(session.exitCode()).as("the session exits with its last command's code")
                .isEqualTo(ExitCode.NOT_FOUND);
        assertThat(Files.readString(bazaar.home().resolve("shell_history"))).contains("seller list");
    }

    @Test
    void storedTextCannotControlTheTerminalOfTheShell() throws Exception {
        String hostile = "desc \u001b[2J\u001b]0;pwned\u0007\u009b31m\u202eexe.gpj\rfake\nline2";
        assertThat(bazaar.run(token, "product", "create", "--seller", "ACME", "--sku", "EVIL-01", "--title", "Evil",
                "--price", "1.00", "--description", hostile).exitCode()).isZero();
        Process shell = bazaar.start(token, "shell");
        shell.getOutputStream().write(("product show --seller ACME --sku EVIL-01\nproduct show --seller ACME --sku"
                + " EVIL-01 --output json\nseller show \u001b[2J\u202e\nexit\n").getBytes(StandardCharsets.UTF_8));
        shell.getOutputStream().close();
        var session = bazaar.await(shell);
        assertThat(session.out()).contains("desc \\x1b[2J\\x1b]0;pwned\\x07\\u009b31m\\u202eexe.gpj\\rfake\\nline2")
                .contains("\"desc \\u001B[2J\\u001B]0;pwned\\u0007\\u009B31m\\u202Eexe.gpj\\rfake\\nline2\"");
        for (String stream : List.of(session.out(), session.err())) {
            assertThat(stream.chars().filter(c -> c == 0x1b || (c >= 0x80 && c <= 0x9f) || c == 0x202e || c == 0x07))
                    .as("no ESC, BEL, C1 or bidi control reaches the terminal raw:%n%s", stream).isEmpty();
        }
    }

    @Test
    void aBadTokenIsRefusedBeforeThePrompt() throws Exception {
        Process shell = bazaar.start("bzr_not-a-real-token-at-all-000000000000000", "shell");
        shell.getOutputStream().close();
        var session = bazaar.await(shell);
        assertThat(session.exitCode()).isEqualTo(ExitCode.DENIED);
        assertThat(session.out()).doesNotContain("bazaar>");
    }

    @Test
    void tabCompletesNounsAndVerbsInARealTerminal() throws Exception {
        assertThat(Files.isExecutable(Path.of("/usr/bin/tmux")))
                .as("tmux drives this test (scripts/test installs it: apt-get install tmux)").isTrue();
        String session = "bazaar-shell-it-" + ProcessHandle.current().pid();
        String command = "env -u BAZAAR_DB_URL BAZAAR_HOME=" + bazaar.home() + " BAZAAR_TOKEN=" + token + " "
                + Path.of(System.getProperty("java.home"), "bin", "java") + " -jar " + bazaar.jar() + " shell";
        tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "40", command);
        try {
            awaitPane(session, p -> p.contains("bazaar>"));
            tmux("send-keys", "-t", session, "selle", "Tab");
            awaitPane(session, p -> p.contains("bazaar> seller"));
            tmux("send-keys", "-t", session, "li", "Tab");
            awaitPane(session, p -> p.contains("bazaar> seller list"));
            tmux("send-keys", "-t", session, "Enter");
            awaitPane(session, p -> p.contains("ACME") && p.contains("USD"));
            tmux("send-keys", "-t", session, "exit", "Enter");
        } finally {
            new ProcessBuilder("tmux", "kill-session", "-t", session).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void tabCompletesSellerCodesSkusAndExecutionIdsFromTheDatabase() throws Exception {
        long execution;
        try (var db = bazaar.database()) {
            execution = BazaarProcess.count(db, "SELECT max(job_execution_id) FROM batch_job_execution");
        }
        String session = "bazaar-shell-data-" + ProcessHandle.current().pid();
        String command = "env -u BAZAAR_DB_URL BAZAAR_HOME=" + bazaar.home() + " BAZAAR_TOKEN=" + token + " "
                + Path.of(System.getProperty("java.home"), "bin", "java") + " -jar " + bazaar.jar() + " shell";
        tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "40", command);
        try {
            awaitPane(session, p -> p.contains("bazaar>"));
            tmux("send-keys", "-t", session, "inventory show --seller AC", "Tab");
            awaitPane(session, p -> p.contains("bazaar> inventory show --seller ACME"));
            tmux("send-keys", "-t", session, "--", "--sku MU", "Tab"); // the completed code ended with a space
            awaitPane(session, p -> p.contains("--seller ACME --sku MUG-01"));
            tmux("send-keys", "-t", session, "Enter");
            awaitPane(session, p -> p.contains("sku:       MUG-01") && p.contains("on hand:"));
            tmux("send-keys", "-t", session, "job status ", "Tab");
            awaitPane(session, p -> p.contains("bazaar> job status " + execution));
            tmux("send-keys", "-t", session, "Enter");
            awaitPane(session, p -> p.contains("catalog-import") && p.contains("COMPLETED"));
            tmux("send-keys", "-t", session, "exit", "Enter");
        } finally {
            new ProcessBuilder("tmux", "kill-session", "-t", session).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void tmux(String... args) throws Exception {
        var command = new java.util.ArrayList<>(List.of("tmux"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }

    /** Waits (up to 60 s) until the visible pane satisfies the condition; fails showing the pane otherwise. */
    private static void awaitPane(String session, Predicate<String> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String pane = "";
        while (System.nanoTime() < deadline) {
            Process p = new ProcessBuilder("tmux", "capture-pane", "-p", "-t", session).start();
            pane = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            if (condition.test(pane)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("the shell never showed what was expected; pane:\n" + pane);
    }
}
