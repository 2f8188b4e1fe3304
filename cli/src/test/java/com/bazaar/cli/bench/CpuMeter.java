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

    /** CPU ticks so far of each thread of this JVM, by name with digits as N (GC Thread#N, CN CompilerThread...). */
    static java.util.Map<String, Long> threads() {
        java.util.Map<String, Long> ticks = new java.util.HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // ended meanwhile
                }
            });
        } catch (IOException e) {
            return ticks; // not Linux
        }
        return ticks;
    }

    /** The threads that used the most CPU between two {@link #threads()} readings, as "name=ms ...". */
    static String busiest(java.util.Map<String, Long> before, java.util.Map<String, Long> after, int limit) {
        StringBuilder line = new StringBuilder();
        after.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(limit)
                .forEach(e -> line.append(line.isEmpty() ? "" : ", ").append(e.getKey()).append('=')
                        .append(Math.round(e.getValue() * 1000 / TICKS_PER_SECOND)));
        return line.isEmpty() ? "(none measured)" : line.toString();
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
