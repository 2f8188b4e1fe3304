package com.bazaar.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time spent, to tell a benchmark bound by the machine's CPUs from one waiting on something: this JVM's (the
 * relay, the producers, and here the in-process broker too) and PostgreSQL's (the postmaster and its backends, read
 * from {@code /proc}; a backend that exited between two readings is not counted). Linux only; PostgreSQL's share reads
 * 0 elsewhere.
 */
final class CpuMeter {

    /** One reading: CPU seconds so far. */
    record Reading(double jvm, double postgres) {
        Reading minus(Reading before) {
            return new Reading(jvm - before.jvm, postgres - before.postgres);
        }
    }

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux
    private final Path dataDirectory;

    CpuMeter(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    /** The running server's postmaster, from its pid file. */
    private Optional<Long> postmaster() {
        try {
            return Files.readAllLines(dataDirectory.resolve("postmaster.pid")).stream().findFirst().map(String::strip)
                    .map(Long::parseLong);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    Reading now() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new Reading(os.getProcessCpuTime() / 1e9, postgresTicks() / TICKS_PER_SECOND);
    }

    private long postgresTicks() {
        Optional<Long> postmaster = postmaster();
        if (postmaster.isEmpty()) {
            return 0;
        }
        long root = postmaster.get();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .mapToLong(p -> {
                        try {
                            String stat = Files.readString(p.resolve("stat"));
                            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            long pid = Long.parseLong(p.getFileName().toString());
                            long parent = Long.parseLong(f[1]);
                            // fields after the command: state ppid ... utime(14th overall) stime(15th)
                            return pid == root || parent == root ? Long.parseLong(f[11]) + Long.parseLong(f[12]) : 0;
                        } catch (IOException | RuntimeException e) {
                            return 0; // exited meanwhile
                        }
                    }).sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
