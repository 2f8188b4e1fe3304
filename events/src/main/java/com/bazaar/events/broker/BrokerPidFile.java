package com.bazaar.events.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The broker's pid file ({@code $BAZAAR_HOME/kafka/broker.pid}): one line, the pid of the broker's JVM. A pid file is
 * only believed when that process runs and is this home's broker: a {@code java} whose command line runs
 * {@code kafka.Kafka} with this home's {@code server.properties}. A pid that is gone, a zombie, or reused by another
 * program makes the file stale ({@link Liveness}).
 */
record BrokerPidFile(long pid) {

    /** A pid file is one short line; anything larger is not one. */
    static final int MAX_BYTES = 64;

    /** What became of the process a pid file names. */
    enum Liveness {
        /** It runs, and it is this home's broker. */
        OURS,
        /** No such process runs (or only its zombie, killed and not yet reaped). */
        GONE,
        /** The pid runs something else: the broker died and its pid was reused. */
        OTHER
    }

    BrokerPidFile {
        if (pid <= 0) {
            throw new IllegalArgumentException("a pid is positive: " + pid);
        }
    }

    /** The pid of a pid file's text, or empty when the text is not one (a half-written or foreign file). */
    static Optional<BrokerPidFile> parse(String text) {
        String line = text.strip();
        if (line.isEmpty() || line.length() > 19 || !line.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        long pid = Long.parseLong(line);
        return pid > 0 ? Optional.of(new BrokerPidFile(pid)) : Optional.empty();
    }

    String text() {
        return pid + "\n";
    }

    /** Whether this pid is the broker started with {@code serverProperties}. */
    Liveness liveness(Path serverProperties) {
        Path proc = Path.of("/proc", Long.toString(pid));
        if (Files.isDirectory(Path.of("/proc", "self"))) {
            try {
                String stat = Files.readString(proc.resolve("stat"), StandardCharsets.UTF_8);
                char state = stat.charAt(stat.lastIndexOf(')') + 2);
                if (state == 'Z' || state == 'X') {
                    return Liveness.GONE;
                }
                // the arguments, NUL-separated; read as bytes so no charset can mangle them
                String commandLine = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                        .replace('\0', ' ');
                return runsBroker(commandLine, serverProperties) ? Liveness.OURS : Liveness.OTHER;
            } catch (IOException | RuntimeException e) {
                return Files.exists(proc) ? Liveness.OTHER : Liveness.GONE;
            }
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().map(line -> runsBroker(line, serverProperties) ? Liveness.OURS
                        : Liveness.OTHER).orElse(Liveness.OTHER))
                .orElse(Liveness.GONE);
    }

    private static boolean runsBroker(String commandLine, Path serverProperties) {
        return commandLine.contains(LocalKafkaBroker.MAIN_CLASS)
                && commandLine.contains(serverProperties.toAbsolutePath().toString());
    }
}
