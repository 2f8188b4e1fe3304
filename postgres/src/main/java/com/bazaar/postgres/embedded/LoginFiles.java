package com.bazaar.postgres.embedded;

import com.bazaar.postgres.files.PrivateFiles;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The password files of one embedded server, in {@code $BAZAAR_HOME}, each 0600 and written atomically (a
 * temporary file renamed into place): {@code db-owner.password} (migrations), {@code db-app.password} (every other
 * command), {@code postgres.password}, the superuser's, which exists only until the role bootstrap completes, and
 * {@code db-replication.password}, the replication login's, made by the first {@code bazaar db replica create}.
 * They are read and written only through {@link PrivateFiles}: a symbolic link, a FIFO or another user's file planted
 * at one of these paths is refused, never followed or overwritten.
 */
final class LoginFiles {

    private static final String WHAT = "embedded PostgreSQL password file";

    private final Path home;

    LoginFiles(Path home) {
        this.home = home;
    }

    Path superuser() {
        return home.resolve("postgres.password");
    }

    private Path superuserStaged() {
        return home.resolve("postgres.password.new");
    }

    Path of(EmbeddedPostgresServer.Login login) {
        return home.resolve(login == EmbeddedPostgresServer.Login.OWNER ? "db-owner.password" : "db-app.password");
    }

    Path replication() {
        return home.resolve("db-replication.password");
    }

    /**
     * Refuses before anything is started when a file at one of these paths (or a staged one) is not a private regular
     * file of this user: a planted symbolic link is named, not followed.
     */
    void checkSafe() {
        for (Path file : List.of(superuser(), superuserStaged(), of(EmbeddedPostgresServer.Login.OWNER),
                of(EmbeddedPostgresServer.Login.APP), replication())) {
            PrivateFiles.checkSecretIfPresent(file, WHAT);
        }
    }

    /** Both login files exist: the bootstrap handed out the roles' passwords. */
    boolean loginsPresent() {
        return PrivateFiles.present(of(EmbeddedPostgresServer.Login.OWNER))
                && PrivateFiles.present(of(EmbeddedPostgresServer.Login.APP));
    }

    /** The superuser's password file is still there (a fresh server, an interrupted bootstrap, or an old home). */
    boolean superuserPresent() {
        return PrivateFiles.present(superuser());
    }

    /** The bootstrap is done: logins handed out, and the superuser's password gone. */
    boolean bootstrapped() {
        return loginsPresent() && !superuserPresent();
    }

    String password(EmbeddedPostgresServer.Login login) {
        return read(of(login)).orElseThrow(() -> new EmbeddedPostgresException(of(login) + " is missing: restore it "
                + "from a backup of " + home + " (docs/failure_scenarios.md)"));
    }

    Optional<String> superuserPassword() {
        return read(superuser());
    }

    /** The login's password, generating and storing a new one when it has none yet. */
    String passwordCreatingIfMissing(EmbeddedPostgresServer.Login login) {
        Optional<String> existing = read(of(login));
        if (existing.isPresent()) {
            return existing.get();
        }
        String password = newPassword();
        PrivateFiles.replaceSecret(of(login), password + "\n", WHAT);
        return password;
    }

    /** The replication login's password, if it has one. */
    Optional<String> replicationPassword() {
        return read(replication());
    }

    /** A new password for the replication login, stored before PostgreSQL learns it (replacing an old one). */
    String newReplicationPassword() {
        String password = newPassword();
        PrivateFiles.replaceSecret(replication(), password + "\n", WHAT);
        return password;
    }

    /** Writes a new superuser password beside its final name, for initdb; {@link #commitSuperuser} moves it in. */
    Path newSuperuserPasswordFile() {
        PrivateFiles.stage(superuserStaged(), newPassword() + "\n", WHAT);
        return superuserStaged();
    }

    void commitSuperuser(Path written) {
        PrivateFiles.commit(written, superuser(), WHAT);
    }

    void deleteSuperuser() throws java.io.IOException {
        java.nio.file.Files.deleteIfExists(superuser()); // removes a link itself, never what it points to
    }

    private static String newPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static Optional<String> read(Path file) {
        return PrivateFiles.readSecretIfPresent(file, WHAT).map(String::strip).filter(s -> !s.isEmpty());
    }
}
