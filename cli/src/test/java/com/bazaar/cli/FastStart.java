package com.bazaar.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How the integration tests start {@code bazaar.jar}: the way {@code scripts/bazaar} (the operators' launcher) does,
 * so that the hundreds of processes they start cost what a command costs an operator, not more.
 * <ul>
 *   <li>JVM flags for a short-lived process: C1 only and the serial collector ({@link #FLAGS});</li>
 *   <li>an extracted copy of the jar (plain jars on a class path, not jars nested in the fat jar) with a class data
 *   sharing archive trained once by running {@code bazaar demo}: the classes of the common commands are loaded
 *   pre-parsed and pre-verified.</li>
 * </ul>
 * The copy and the archive are made once per build of the jar, under {@code target/it-launch/}, by the first test JVM
 * that needs them; the other test JVM (integration tests run in two) waits on a file lock meanwhile. Should anything
 * of that fail, the tests run the fat jar with the same flags (and say so once): slower, never different.
 * {@code -Dbazaar.it.launch=plain} skips the copy and the archive.
 */
final class FastStart {

    /** The launcher's flags (scripts/bazaar, JVM_FLAGS). */
    static final List<String> FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");

    private static final Object PREPARING = new Object();
    private static volatile List<String> prepared;

    private FastStart() {
    }

    /** The java command, its flags and {@code -jar <jar>}, for this jar (the fat jar when the fast path is off). */
    static List<String> command(Path jar) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(FLAGS);
        command.addAll(fastPath(jar));
        return command;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> fastPath(Path jar) {
        List<String> ready = prepared;
        if (ready != null) {
            return ready;
        }
        synchronized (PREPARING) {
            if (prepared == null) {
                prepared = prepare(jar);
            }
            return prepared;
        }
    }

    private static List<String> prepare(Path jar) {
        List<String> plain = List.of("-jar", jar.toString());
        if ("plain".equals(System.getProperty("bazaar.it.launch"))) {
            return plain;
        }
        try {
            String id = Files.getLastModifiedTime(jar).toMillis() + "." + Files.size(jar);
            Path root = jar.resolveSibling("it-launch");
            Files.createDirectories(root);
            try (var lockFile = new RandomAccessFile(root.resolve(".lock").toFile(), "rw");
                 FileLock ignored = lockFile.getChannel().lock()) {
                Path generation = root.resolve(id);
                Path appJar = generation.resolve("app/bazaar.jar");
                Path archive = generation.resolve("cds.jsa");
                if (!Files.exists(generation.resolve("extracted"))) {
                    deleteOthers(root, generation);
                    run(generation, "extract", List.of(java(), "-Djarmode=tools", "-jar", jar.toString(), "extract",
                            "--destination", generation.resolve("app").toString()));
                    Files.createFile(generation.resolve("extracted"));
                }
                if (!Files.exists(archive) && !Files.exists(generation.resolve("cds.failed"))) {
                    train(generation, appJar, archive);
                }
                List<String> fast = new ArrayList<>();
                if (Files.exists(archive)) {
                    // should the archive be unusable after all, the JVM must not print warnings on stdout
                    fast.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
                }
                fast.addAll(List.of("-jar", appJar.toString()));
                return List.copyOf(fast);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("FastStart: running the fat jar, the fast start could not be prepared: " + e);
            return plain;
        }
    }

    /** One {@code bazaar demo} on a throwaway home, writing the classes it loaded to the archive as it exits. */
    private static void train(Path generation, Path appJar, Path archive) throws IOException {
        Path home = Files.createTempDirectory("bazaar-it-cds");
        Path candidate = generation.resolve("cds.jsa.tmp");
        try {
            List<String> training = new ArrayList<>(List.of(java()));
            training.addAll(FLAGS);
            training.addAll(List.of("-XX:ArchiveClassesAtExit=" + candidate, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                    "-jar", appJar.toString(), "demo"));
            boolean trained = runQuietly(generation, "train", training, home);
            List<String> check = new ArrayList<>(List.of(java()));
            check.addAll(FLAGS.subList(0, 2));
            check.addAll(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + candidate, "-jar", appJar.toString(),
                    "--version"));
            if (trained && Files.size(candidate) > 0 && runQuietly(generation, "check", check, home)) {
                Files.move(candidate, archive, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.deleteIfExists(candidate);
                Files.createFile(generation.resolve("cds.failed"));
                System.err.println("FastStart: no class data sharing archive (see " + generation + "/train.log)");
            }
        } finally {
            if (Files.exists(home.resolve("demo/pgdata/postmaster.pid"))) {
                runQuietly(generation, "stop", List.of(java(), "-jar", appJar.toString(), "db", "stop"),
                        home.resolve("demo"));
            }
            delete(home);
        }
    }

    private static void run(Path generation, String step, List<String> command) throws IOException {
        if (!runQuietly(generation, step, command, null)) {
            throw new IOException(step + " failed, see " + generation.resolve(step + ".log"));
        }
    }

    private static boolean runQuietly(Path generation, String step, List<String> command, Path home)
            throws IOException {
        Files.createDirectories(generation);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(generation.resolve(step + ".log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("BAZAAR_"));
        if (home != null) {
            builder.environment().put("BAZAAR_HOME", home.toString());
        }
        Process process = builder.start();
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Copies made for earlier builds of the jar: nothing uses them once the jar has changed. */
    private static void deleteOthers(Path root, Path keep) throws IOException {
        try (Stream<Path> generations = Files.list(root)) {
            for (Path old : generations.filter(Files::isDirectory).filter(p -> !p.equals(keep)).toList()) {
                delete(old);
            }
        }
        delete(keep);
    }

    private static void delete(Path tree) throws IOException {
        if (!Files.exists(tree)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
