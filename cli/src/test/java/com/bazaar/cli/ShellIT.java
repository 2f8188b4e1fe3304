package com.bazaar.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
                .contains("Did you mean: seller list").contains("(exit 2)") // picocli explains a typo
                .contains("Type 'help seller' (or 'seller --help') for usage.") // as typed in the shell
                .doesNotContain("Run 'bazaar");
        assertThat(session.out() + session.err()).doesNotContain("Spring Shell");
        assertThat(session.exitCode()).as("the session exits with its last command's code")
                .isEqualTo(ExitCode.NOT_FOUND);
        assertThat(Files.readString(bazaar.home().resolve("shell_history"))).contains("seller list");
    }

    @Test
    void eachLineIsACommandOfTheLimitPerUserAndOneOverItExitsSeven() throws Exception {
        Process shell = bazaar.start(Map.of("BAZAAR_LIMITS_COMMAND_PER_USER", "2/h"), token, "shell");
        shell.getOutputStream().write(("seller create --code LIM1 --name One --currency USD\n"
                + "seller create --code LIM2 --name Two --currency USD\n"
                + "seller create --code LIM3 --name Three --currency USD\n"
                + "seller list\nexit\n").getBytes(StandardCharsets.UTF_8));
        shell.getOutputStream().close();
        var session = bazaar.await(shell);
        assertThat(session.err()).containsPattern("busy or limited: too many requests for command.per-user of admin;"
                + " retry after [0-9]+ s").contains("(exit 7)");
        assertThat(session.out()).as("reads go on").contains("LIM2").doesNotContain("LIM3");
        assertThat(session.exitCode()).as("the last command, a read, succeeded").isZero();
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
                + bazaar.javaCommand() + " shell";
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
                + bazaar.javaCommand() + " shell";
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

    /**
     * JLine used to probe the terminal by running {@code test -t 1}, {@code tty} and {@code stty} found through PATH
     * (with the repository's {@code scripts/} first on PATH, {@code bazaar shell} ran the whole test suite). With a
     * directory of impostors first on PATH, neither a piped session nor one in a real terminal (a TERM whose
     * capabilities JLine does not bundle, so that it looks for {@code infocmp}) runs any of them, and completion and
     * history still work.
     */
    @Test
    void noProgramOnPathIsRunToProbeTheTerminal() throws Exception {
        Path impostors = Files.createDirectories(scratch.resolve("impostors"));
        Path marker = scratch.resolve("impostor-ran");
        for (String name : List.of("test", "[", "stty", "tty", "tput", "infocmp", "sh", "bash", "uname", "ps")) {
            Path fake = impostors.resolve(name);
            Files.writeString(fake, "#!/bin/sh\necho \"$0 $*\" >> " + marker + "\nexit 1\n");
            Files.setPosixFilePermissions(fake, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        String path = impostors + ":" + System.getenv("PATH");

        Process piped = bazaar.start(java.util.Map.of("PATH", path), token, "shell");
        piped.getOutputStream().write("seller list\nexit\n".getBytes(StandardCharsets.UTF_8));
        piped.getOutputStream().close();
        var session = bazaar.await(piped);
        assertThat(session.out()).as(session.toString()).contains("ACME").contains("Exiting the shell");
        assertThat(marker).as("a program found through PATH ran").doesNotExist();

        String name = "bazaar-shell-path-" + ProcessHandle.current().pid();
        String command = "env -u BAZAAR_DB_URL PATH=" + path + " TERM=tmux-256color BAZAAR_HOME=" + bazaar.home()
                + " BAZAAR_TOKEN=" + token + " " + bazaar.javaCommand()
                + " shell";
        tmux("new-session", "-d", "-s", name, "-x", "160", "-y", "40", command);
        try {
            awaitPane(name, p -> p.contains("bazaar>"));
            tmux("send-keys", "-t", name, "selle", "Tab");
            awaitPane(name, p -> p.contains("bazaar> seller"));
            tmux("send-keys", "-t", name, "li", "Tab");
            awaitPane(name, p -> p.contains("bazaar> seller list"));
            tmux("send-keys", "-t", name, "Enter");
            // the next prompt: JLine reads keys again (an arrow sent while the command runs is echoed by the tty)
            awaitPane(name, p -> p.contains("ACME") && p.strip().endsWith("bazaar>"));
            tmux("send-keys", "-t", name, "Up");
            awaitPane(name, p -> p.lines().filter(l -> l.equals("bazaar> seller list")).count() == 2);
            tmux("send-keys", "-t", name, "C-u", "exit", "Enter");
        } finally {
            new ProcessBuilder("tmux", "kill-session", "-t", name).start().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(marker).as("a program found through PATH ran").doesNotExist();
    }

    /**
     * A piped line longer than the console's limit (65,536 characters) is refused in one sentence and not run, in
     * 512 MB of heap, whether it is 10 MB followed by more lines (the next line runs, and the session ends with its
     * code) or 200 MB without a newline (the session ends with 4), or pasted in a terminal. Each huge line would
     * create a seller if it ran: the padding is spaces.
     */
    @Test
    void aLineLongerThanTheLimitIsRefusedAndNotRun() throws Exception {
        var small = new BazaarProcess(bazaar.home(), scratch.resolve("io")).jvm("-Xmx512m");
        String refusal = "error: input line 1 is longer than 65,536 characters (the console's line limit), so it was"
                + " not run.";

        Process shell = small.start(token, "shell");
        try (var in = shell.getOutputStream()) {
            in.write("seller create --code BIGONE --name Big --currency USD".getBytes(StandardCharsets.UTF_8));
            writeSpaces(in, 10L << 20);
            in.write("\nseller show ACME\n".getBytes(StandardCharsets.UTF_8));
        }
        var session = small.await(shell);
        assertThat(session.err()).as(session.toString()).contains(refusal + "\n(exit 4)");
        assertThat(session.out()).contains("Acme");
        assertThat(session.exitCode()).as("the line after the refused one ran").isZero();

        Process endless = small.start(token, "shell");
        try (var in = endless.getOutputStream()) {
            in.write("seller create --code BIGTWO --name Big --currency USD".getBytes(StandardCharsets.UTF_8));
            writeSpaces(in, 200L << 20);
        }
        var second = small.await(endless);
        assertThat(second.err()).as(second.toString()).contains(refusal);
        assertThat(second.exitCode()).isEqualTo(ExitCode.REJECTED);

        // in a terminal, a (bracketed) paste that would pass the limit is undone, and its line refused when entered
        Path paste = scratch.resolve("paste.txt");
        Files.writeString(paste, "seller create --code BIGTHREE --name Big --currency USD" + " ".repeat(70_000));
        String name = "bazaar-shell-paste-" + ProcessHandle.current().pid();
        tmux("new-session", "-d", "-s", name, "-x", "160", "-y", "40", "env -u BAZAAR_DB_URL BAZAAR_HOME="
                + bazaar.home() + " BAZAAR_TOKEN=" + token + " "
                + bazaar.javaCommand() + " shell");
        try {
            awaitPane(name, p -> p.contains("bazaar>"));
            tmux("load-buffer", "-b", name, paste.toString());
            tmux("paste-buffer", "-p", "-d", "-b", name, "-t", name);
            tmux("send-keys", "-t", name, "Enter");
            awaitPane(name, p -> p.contains(refusal) && p.contains("(exit 4)"));
            tmux("send-keys", "-t", name, "exit", "Enter");
        } finally {
            new ProcessBuilder("tmux", "kill-session", "-t", name).start().waitFor(10, TimeUnit.SECONDS);
        }

        for (String code : List.of("BIGONE", "BIGTWO", "BIGTHREE")) {
            assertThat(bazaar.run(token, "seller", "show", code).exitCode()).as(code).isEqualTo(ExitCode.NOT_FOUND);
        }
    }

    private static void writeSpaces(java.io.OutputStream out, long count) throws java.io.IOException {
        byte[] spaces = new byte[1 << 20];
        java.util.Arrays.fill(spaces, (byte) ' ');
        for (long left = count; left > 0; left -= spaces.length) {
            out.write(spaces, 0, (int) Math.min(spaces.length, left));
        }
    }

    /**
     * {@code $BAZAAR_HOME/shell_history} is created rw-------, and a symbolic link planted in its place is not
     * written through: the session runs, says it keeps no history file, and the link's target is untouched.
     */
    @Test
    void theHistoryFileIsPrivateAndNeverWrittenThroughALink() throws Exception {
        Path history = bazaar.home().resolve("shell_history");
        Path victim = Files.writeString(scratch.resolve("victim"), "untouched\n");
        Files.deleteIfExists(history);
        Files.createSymbolicLink(history, victim);
        try {
            Process shell = bazaar.start(token, "shell");
            shell.getOutputStream().write("seller list\nexit\n".getBytes(StandardCharsets.UTF_8));
            shell.getOutputStream().close();
            var session = bazaar.await(shell);
            assertThat(session.out()).as(session.toString()).contains("ACME");
            assertThat(session.err()).contains("warning: history file " + history
                    + " is a symbolic link (never followed); this session keeps no history file.");
            assertThat(Files.readString(victim)).isEqualTo("untouched\n");
            assertThat(Files.isSymbolicLink(history)).isTrue();
        } finally {
            Files.delete(history);
        }

        Process shell = bazaar.start(token, "shell");
        shell.getOutputStream().write("seller list\nexit\n".getBytes(StandardCharsets.UTF_8));
        shell.getOutputStream().close();
        assertThat(bazaar.await(shell).exitCode()).isZero();
        assertThat(Files.readString(history)).contains("seller list");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(history)))
                .isEqualTo("rw-------");
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
