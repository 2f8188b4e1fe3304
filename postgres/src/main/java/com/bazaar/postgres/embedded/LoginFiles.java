package com.bazaar.postgres.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The password files of one embedded server, in {@code $BAZAAR_HOME}, each 0600 and written atomically (a
 * temporary file renamed into place): {@code db-owner.password} (migrations), {@code db-app.password} (every other
 * command), and {@code postgres.password}, the superuser's, which exists only until the role bootstrap completes.
 */
final class LoginFiles {

    private final Path home;

    LoginFiles(Path home) {
        this.home = home;
    }

    Path superuser() {
        return home.resolve("postgres.password");
    }

    Path of(EmbeddedPostgresServer.Login login) {
        return home.resolve(login == EmbeddedPostgresServer.Login.OWNER ? "db-owner.password" : "db-app.password");
    }

    /** Both login files exist: the bootstrap handed out the roles' passwords. */
    boolean loginsPresent() {
        return Files.isRegularFile(of(EmbeddedPostgresServer.Login.OWNER))
                && Files.isRegularFile(of(EmbeddedPostgresServer.Login.APP));
    }

    /** The superuser's password file is still there (a fresh server, an interrupted bootstrap, or an old home). */
    boolean superuserPresent() {
        return Files.isRegularFile(superuser());
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
    String passwordCreatingIfMissing(EmbeddedPostgresServer.Login login) throws IOException {
        Optional<String> existing = read(of(login));
        if (existing.isPresent()) {
            return existing.get();
        }
        String password = newPassword();
        writeAtomically(of(login), password);
        return password;
    }

    /** Writes a new superuser password beside its final name, for initdb; {@link #commitSuperuser} moves it in. */
    Path newSuperuserPasswordFile() throws IOException {
        Path file = home.resolve("postgres.password.new");
        Files.deleteIfExists(file);
        create(file, newPassword());
        return file;
    }

    void commitSuperuser(Path written) throws IOException {
        Files.move(written, superuser(), StandardCopyOption.ATOMIC_MOVE);
    }

    void deleteSuperuser() throws IOException {
        Files.deleteIfExists(superuser());
    }

    private static String newPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private void writeAtomically(Path target, String password) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        create(temporary, password);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void create(Path file, String password) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()).filter(s -> !s.isEmpty());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
