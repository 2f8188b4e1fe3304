package com.bazaar.postgres.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL's {@code postmaster.pid}: line 1 the pid, line 4 the port, line 8 the status ("ready" once it
 * accepts connections). A pid that no longer runs, or runs something other than postgres, is stale.
 */
record PidFile(long pid, int port, String state) {

    static Optional<PidFile> read(Path dataDirectory) {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            if (lines.size() < 4) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).strip());
            int port = Integer.parseInt(lines.get(3).strip());
            String state = lines.size() >= 8 ? lines.get(7).strip() : "";
            return Optional.of(new PidFile(pid, port, state));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    boolean alive() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .map(p -> p.info().command().map(c -> c.endsWith("/postgres") || c.endsWith("postgres")).orElse(true))
                .orElse(false);
    }

    boolean ready() {
        return "ready".equals(state);
    }
}
