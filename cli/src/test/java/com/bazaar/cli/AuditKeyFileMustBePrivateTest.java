package com.bazaar.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit key is read as ssh reads a private key: a key file that group or others may read, a symbolic link, a
 * directory or FIFO in its place, or a file of another user is refused with one sentence (exit 3, as every private
 * file: docs/security.md, the host), and nothing is written to the trail or the business tables while it is. A
 * damaged key is exit 1. The key is never printed.
 */
class AuditKeyFileMustBePrivateTest {

    @TempDir
    Path home;
    private TestBazaar bazaar;
    private Path key;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        key = TestBazaar.keyFile(home);
    }

    /** A change and a check, both refused the same way; nothing is written. */
    private void refused(String why) {
        refused(why, ExitCode.DENIED);
    }

    private void refused(String why, int exitCode) {
        long records = bazaar.auditCount();
        var create = bazaar.cli(bazaar.adminToken(), "seller", "create", "--code", "ACME", "--name", "Acme",
                "--currency", "USD");
        assertThat(create.exitCode()).as(create.toString()).isEqualTo(exitCode);
        assertThat(create.err()).contains("audit key file " + key).contains(why).doesNotContain("Exception");
        assertThat(create.err().lines().count()).isEqualTo(1);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM sellers").query(Long.class).single()).isZero();
        var verify = bazaar.cli(bazaar.adminToken(), "audit", "verify");
        assertThat(verify.exitCode()).isEqualTo(exitCode);
        assertThat(verify.err()).contains(why);
        var health = bazaar.cli(bazaar.adminToken(), "health");
        assertThat(health.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(health.out()).contains("audit_chain", "not verified").contains(why);
        assertThat(bazaar.auditCount()).isEqualTo(records);
    }

    @Test
    void aKeyReadableByGroupOrOthersIsRefused() throws Exception {
        for (var mode : java.util.Map.of("rw-r-----", "0640", "rw----r--", "0604", "rw-rw-rw-", "0666").entrySet()) {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(mode.getKey()));
            refused("is readable by group or others (mode " + mode.getValue() + "): chmod 600 it");
        }
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw--w----"));
        refused("is writable by group or others (mode 0620)");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        assertThat(bazaar.cli(bazaar.adminToken(), "audit", "verify").exitCode()).isZero();
    }

    @Test
    void aSymbolicLinkIsNotFollowed() throws Exception {
        Path real = home.resolve("elsewhere.key");
        Files.move(key, real);
        Files.createSymbolicLink(key, real);
        refused("is a symbolic link");
    }

    @Test
    void aDirectoryOrFifoInItsPlaceIsNamedForWhatItIs() throws Exception {
        Path real = home.resolve("kept.key");
        Files.move(key, real);
        Files.createDirectory(key);
        refused("is a directory");
        Files.delete(key);
        Process mkfifo = new ProcessBuilder("mkfifo", key.toString()).start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Assumptions.assumeTrue(mkfifo.exitValue() == 0, "mkfifo is available");
        refused("is a FIFO (named pipe), not a regular file"); // and returns: a FIFO is never opened
    }

    @Test
    void aKeyOfAnotherUserIsRefused() throws Exception {
        Assumptions.assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0,
                "only root can give a file to another user");
        Files.setAttribute(key, "unix:uid", 65534);
        refused("is owned by uid 65534, not you");
    }

    @Test
    void aDamagedKeyIsRefusedWithoutQuotingIt() throws Exception {
        String text = Files.readString(key);
        String secret = text.lines().filter(l -> l.startsWith("secret: ")).findFirst().orElseThrow().substring(8);
        String flipped = (secret.charAt(0) == 'a' ? "b" : "a") + secret.substring(1);
        Files.writeString(key, text.replace(secret, flipped));
        refused("is damaged", ExitCode.FAILURE);
        var run = bazaar.cli(bazaar.adminToken(), "audit", "verify");
        assertThat(run.err()).doesNotContain(secret).doesNotContain(flipped);
    }
}
