package com.bazaar.postgres.embedded;

import com.bazaar.postgres.files.PrivateFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL's {@code postmaster.pid}: line 1 the pid, line 4 the port, line 8 the status ("ready" once it
 * accepts connections). A pid that no longer runs, or runs something other than postgres, is stale.
 */
record PidFile(long pid, int port, String state) {

    /** A pid file is a few short lines; anything larger is not one. */
    private static final int MAX_BYTES = 4096;

    /**
     * The pid file of the data directory, if there is one and it is complete. Read through {@link PrivateFiles}: a
     * symbolic link, a FIFO or another user's file in its place is refused (not followed, not removed).
     */
    static Optional<PidFile> read(Path dataDirectory) {
        Optional<String> text = PrivateFiles.readOwnedIfPresent(dataDirectory.resolve("postmaster.pid"),
                "PostgreSQL pid file", MAX_BYTES);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            List<String> lines = text.get().lines().toList();
            if (lines.size() < 4) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).strip());
            int port = Integer.parseInt(lines.get(3).strip());
            String state = lines.size() >= 8 ? lines.get(7).strip() : "";
            return Optional.of(new PidFile(pid, port, state));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * True when a postgres process with this pid runs. A zombie (killed, not yet reaped - common in containers
     * whose init does not reap) counts as dead, and so does a pid reused by another program.
     */
    boolean alive() {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.isDirectory(Path.of("/proc", "self"))) {
            try {
                String text = Files.readString(stat, StandardCharsets.UTF_8);
                int open = text.indexOf('(');
                int close = text.lastIndexOf(')');
                String command = text.substring(open + 1, close);
                char state = text.charAt(close + 2);
                return state != 'Z' && state != 'X' && command.equals("postgres");
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Removes the pid file of a server that is no longer running, so the next start is not refused. */
    static void removeStale(Path dataDirectory) {
        try {
            Files.deleteIfExists(dataDirectory.resolve("postmaster.pid"));
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot remove the stale " + dataDirectory.resolve("postmaster.pid")
                    + ": " + e.getMessage(), e);
        }
    }

    boolean ready() {
        return "ready".equals(state);
    }
}
