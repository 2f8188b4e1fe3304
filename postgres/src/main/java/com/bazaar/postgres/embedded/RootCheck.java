package com.bazaar.postgres.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** PostgreSQL refuses to run as root; as root we need {@code unshare -U}, and say so clearly when it is blocked. */
final class RootCheck {

    private static volatile Boolean unshareWorks;

    private RootCheck() {
    }

    static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer i && i == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    static void requireUnshare() {
        if (unshareWorks == null) {
            unshareWorks = probe();
        }
        if (!unshareWorks) {
            throw new EmbeddedPostgresException("PostgreSQL refuses to run as root, and this machine does not allow "
                    + "'unshare -U' (user namespaces) to run it as an unprivileged user: run bazaar as a normal user, "
                    + "or point it at a PostgreSQL server with --db-url or BAZAAR_DB_URL");
        }
    }

    private static boolean probe() {
        try {
            Process p = new ProcessBuilder("unshare", "-U", "true").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
