package com.bazaar.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code bazaar.jar} as a real process, the way operators and scripts do. */
final class BazaarProcess {

    /** What one process printed and how it exited. */
    record Result(int exitCode, String out, String err) {

        /**
         * The plain progress lines a job prints on a stderr that is not a terminal, every 5 s (ProgressListener):
         * "catalog-import commas.csv: staging, 5s", "recon-run r.csv: classifying 12,000 rows (40%), ...".
         */
        private static final java.util.regex.Pattern PROGRESS = java.util.regex.Pattern.compile(
                "[a-z][a-z-]*( .*)?: (staging|applying|planning|issuing refunds|settling pending refunds|exporting"
                        + "|recording the export|preparing|classifying|completing)[ ,].*");

        /** stderr without the jobs' progress lines (whose number depends on how long the job took). */
        String errWithoutProgress() {
            return err.lines().filter(l -> !PROGRESS.matcher(l).matches())
                    .map(l -> l + "\n").collect(java.util.stream.Collectors.joining());
        }

        String lastLine() {
            var lines = out.lines().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    private final Path jar;
    private final Path bazaarHome;
    private final Path scratch;
    private List<String> jvmOptions = List.of();

    BazaarProcess(Path bazaarHome, Path scratch) {
        this.jar = Path.of(System.getProperty("bazaar.jar", "target/bazaar.jar")).toAbsolutePath();
        this.bazaarHome = bazaarHome;
        this.scratch = scratch;
    }

    /** Options for the JVM of the processes started from now on (e.g. {@code -Xmx512m}). */
    BazaarProcess jvm(String... options) {
        this.jvmOptions = List.of(options);
        return this;
    }

    Process start(String token, String... args) throws IOException {
        return start(Map.of(), token, args);
    }

    /** Starts bazaar with these environment variables added (e.g. BAZAAR_DB_URL of a test database). */
    Process start(Map<String, String> extraEnv, String token, String... args) throws IOException {
        List<String> command = new ArrayList<>(FastStart.command(jar));
        command.addAll(command.indexOf("-jar"), jvmOptions); // after the launcher's flags, so that they win
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("BAZAAR_"));
        env.put("BAZAAR_HOME", bazaarHome.toString());
        env.putAll(extraEnv);
        if (token != null) {
            env.put("BAZAAR_TOKEN", token);
        }
        Files.createDirectories(scratch);
        Path out = Files.createTempFile(scratch, "out", ".txt");
        Path err = Files.createTempFile(scratch, "err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        outputs.put(process, new Path[]{out, err});
        return process;
    }

    private final Map<Process, Path[]> outputs = new java.util.concurrent.ConcurrentHashMap<>();

    Result await(Process process) throws Exception {
        return await(process, COMMAND_LIMIT);
    }

    /** How long a command may take before it counts as hanging. */
    static final java.time.Duration COMMAND_LIMIT = java.time.Duration.ofSeconds(120);

    /**
     * The bound on hanging of a command that works through a big file (a restart that stages and applies 400,000
     * rows): a minute here, several on a loaded two-core CI machine, where 120 s was seen to be too short.
     */
    static final java.time.Duration BIG_FILE_LIMIT = java.time.Duration.ofMinutes(10);

    Result await(Process process, java.time.Duration limit) throws Exception {
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            Path threads = threadDump(process);
            process.destroyForcibly();
            Path[] files = outputs.remove(process);
            throw new AssertionError("bazaar did not finish within " + limit.toSeconds() + " s; its threads: "
                    + threads + "; its stderr: " + Files.readString(files[1], StandardCharsets.UTF_8));
        }
        Path[] files = outputs.remove(process);
        return new Result(process.exitValue(), Files.readString(files[0], StandardCharsets.UTF_8),
                Files.readString(files[1], StandardCharsets.UTF_8));
    }

    /** A thread dump of a process that seems to hang (jstack of this JDK), in a file of the scratch folder. */
    private Path threadDump(Process process) throws IOException, InterruptedException {
        Path dump = Files.createTempFile(scratch, "threads-" + process.pid() + "-", ".txt");
        Path jstack = Path.of(System.getProperty("java.home"), "bin", "jstack");
        new ProcessBuilder(jstack.toString(), Long.toString(process.pid())).redirectErrorStream(true)
                .redirectOutput(dump.toFile()).start().waitFor(30, TimeUnit.SECONDS);
        System.out.println("thread dump of the hanging bazaar (pid " + process.pid() + "):\n"
                + Files.readString(dump, StandardCharsets.UTF_8));
        return dump;
    }

    /** What a still running process has printed on stdout so far. */
    String outputSoFar(Process process) throws IOException {
        return Files.readString(outputs.get(process)[0], StandardCharsets.UTF_8);
    }

    /** What a still running process has printed on stderr so far. */
    String errorsSoFar(Process process) throws IOException {
        return Files.readString(outputs.get(process)[1], StandardCharsets.UTF_8);
    }

    Result run(String token, String... args) throws Exception {
        return await(start(token, args));
    }

    /** A command that works through a big file: {@link #BIG_FILE_LIMIT}. */
    Result runBig(String token, String... args) throws Exception {
        return await(start(token, args), BIG_FILE_LIMIT);
    }

    Path jar() {
        return jar;
    }

    /** The command line that starts bazaar as {@link #start} does, for a shell (e.g. in tmux); its arguments follow. */
    String javaCommand() {
        List<String> command = new ArrayList<>(FastStart.command(jar));
        command.addAll(command.indexOf("-jar"), jvmOptions);
        return String.join(" ", command);
    }

    /**
     * A test's clean-up of this home's Kafka broker: {@code kafka stop}, then, should the broker with this pid have
     * survived it (or a failed assertion before), {@code kill -9}.
     */
    void stopBroker(long pid) throws Exception {
        run(null, "kafka", "stop");
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** No such process, or only its zombie (its parent, the start command, is gone; not every init reaps). */
    static boolean gone(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException e) {
            return true;
        }
    }

    Path home() {
        return bazaarHome;
    }

    Path dataDirectory() {
        return bazaarHome.resolve("pgdata");
    }

    /**
     * {@code kill -9} of this installation's embedded PostgreSQL: the postmaster and every process it started (the
     * backends of the connected commands among them), as a crash or an OOM kill would. Returns how many were killed.
     */
    int killDatabaseServer() throws IOException {
        long pid = Long.parseLong(Files.readAllLines(dataDirectory().resolve("postmaster.pid")).get(0).strip());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no PostgreSQL runs"));
        List<ProcessHandle> all = new ArrayList<>(List.of(postmaster));
        postmaster.descendants().forEach(all::add);
        all.forEach(ProcessHandle::destroyForcibly);
        return all.size();
    }

    /** A direct connection to this installation's embedded database, as its owner (to look behind the CLI). */
    java.sql.Connection database() throws Exception {
        return database("bazaar_owner", "db-owner.password");
    }

    /** A direct connection as the role every command runs as (bazaar_app): e.g. to end the commands' sessions. */
    java.sql.Connection databaseAsApplication() throws Exception {
        return database("bazaar_app", "db-app.password");
    }

    private java.sql.Connection database(String user, String passwordFile) throws Exception {
        String port = Files.readAllLines(bazaarHome.resolve("pgdata/postmaster.pid")).get(3).strip();
        String password = Files.readString(bazaarHome.resolve(passwordFile)).strip();
        return java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/bazaar", user, password);
    }

    /** A fresh installation: {@code bazaar init}, then the seller ACME (USD); returns the first admin's token. */
    String initWithAcme() throws Exception {
        String token = run(null, "init").lastLine();
        var seller = run(token, "seller", "create", "--code", "ACME", "--name", "Acme", "--currency", "USD");
        if (seller.exitCode() != 0) {
            throw new AssertionError("could not create the seller: " + seller);
        }
        return token;
    }

    /**
     * Starts {@code job run catalog-import --seller ACME --file FILE --mode apply} and returns its process once it has
     * staged at least {@code staged} rows (it is still running then, or this fails).
     */
    Process importStaging(String token, Path file, long staged) throws Exception {
        Process running = start(token, "job", "run", "catalog-import", "--seller", "ACME", "--file", file.toString(),
                "--mode", "apply");
        try (java.sql.Connection c = database()) {
            awaitCount(c, "SELECT catalog_staged_rows()", staged, running);
        }
        return running;
    }

    /** Writes a catalog file of {@code rows} valid products with distinct SKUs (SKU-0, SKU-1, ...). */
    static Path catalog(Path file, int rows) throws IOException {
        try (var w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("sku,title,price,quantity,category,description\n");
            for (int i = 0; i < rows; i++) {
                w.write("SKU-" + i + ",Product number " + i + "," + (100 + i % 900) + "." + (i % 100 < 10 ? "0" : "")
                        + (i % 100) + "," + (i % 50) + ",Category " + (i % 20) + ",\"A sturdy, useful product\"\n");
            }
        }
        return file;
    }

    /** Waits (up to 120 s) until the count reaches {@code atLeast} while {@code running} still runs. */
    static void awaitCount(java.sql.Connection c, String sql, long atLeast, Process running) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (count(c, sql) < atLeast) {
            if (!running.isAlive()) {
                throw new AssertionError("the process ended before " + sql + " reached " + atLeast);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(sql + " never reached " + atLeast + " within 120 s");
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    /** Waits (up to 90 s) until {@code bazaar serve} says where it listens; returns host:port. */
    String awaitListening(Process server) throws Exception {
        var listening = java.util.regex.Pattern.compile("listening on http://([0-9.]+:[0-9]+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            var m = listening.matcher(outputSoFar(server));
            if (m.find()) {
                return m.group(1);
            }
            if (!server.isAlive()) {
                throw new AssertionError("serve exited " + server.exitValue() + ": " + errorsSoFar(server));
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("serve did not listen within 90 s: " + errorsSoFar(server));
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .connectTimeout(java.time.Duration.ofSeconds(5)).build();

    /** GET http://ADDRESS/PATH, as a probe or Prometheus would. */
    static java.net.http.HttpResponse<String> get(String address, String path) {
        try {
            return HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + address + path))
                    .timeout(java.time.Duration.ofSeconds(10)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("GET " + path + " failed: " + e, e);
        }
    }

    /** The single number a query returns (a count). */
    static long count(java.sql.Connection c, String sql) throws Exception {
        try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
