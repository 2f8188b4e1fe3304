package com.bazaar.batch.input;

import com.bazaar.domain.shared.Conflict;
import com.bazaar.domain.shared.NotFound;
import com.bazaar.domain.shared.ValidationException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The file a job reads, and the proof that the job reads the bytes that identify it.
 *
 * <p>When a job is first launched, {@link #identify} resolves the path the user gave once (their own symbolic links
 * are fine), requires a regular file and hashes it: the real path becomes the job's {@code file} parameter and the
 * SHA-256 its identifying {@code sha256}. Every later read - the job's own, on its first run and on every restart -
 * goes through {@link #snapshot}: the recorded path is checked without following links and must still be a regular
 * file; its content is copied into a private (0600) temporary file while being hashed, and refused unless the hash is
 * the job's. The job then parses only the snapshot, so a file edited, replaced or appended to after the job was
 * identified can never slip a row in, and nothing of a refused file is parsed or shown.
 *
 * <p>Attributes are read before anything is opened, so a named pipe is refused without blocking on it. Refusals:
 * {@link NotFound} (no such file, first run), {@link ValidationException} {@code FILE_NOT_REGULAR} (first run: a
 * directory, FIFO, device, socket), {@link Conflict} {@code FILE_CHANGED} (the recorded file is no longer the
 * bytes of the job: other content, gone, now a symbolic link or not a regular file).
 */
public final class InputFile {

    /** The file of a new job: its real path and its SHA-256 (lower-case hex). */
    public record Identified(Path file, String sha256) {
    }

    private static final FileAttribute<?> PRIVATE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private InputFile() {
    }

    /**
     * The file a user named for a new job: resolved once to its real path, which must be a regular file, and hashed.
     */
    public static Identified identify(Path given) {
        Path real;
        try {
            real = given.toRealPath();
        } catch (NoSuchFileException e) {
            throw new NotFound("FILE_NOT_FOUND", "file " + given + " does not exist");
        } catch (IOException e) {
            throw unreadable(given, e);
        }
        BasicFileAttributes attributes;
        try {
            attributes = attributes(real);
        } catch (IOException e) {
            throw unreadable(given, e);
        }
        kind(real, attributes).ifPresent(kind -> {
            throw new ValidationException("FILE_NOT_REGULAR", "file", given + " is " + kind
                    + ", not a regular file");
        });
        try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest digest = sha256();
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) != -1; ) {
                digest.update(buffer, 0, n);
            }
            return new Identified(real, HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            throw unreadable(given, e);
        }
    }

    /**
     * A private copy of {@code file}, proven to hold the bytes whose SHA-256 is {@code expectedSha256}; {@code job}
     * names the job in a refusal ("job 12"). Close it to delete the copy.
     *
     * @throws Conflict {@code FILE_CHANGED} when the file is not those bytes any more (nothing of it is kept)
     */
    public static Snapshot snapshot(Path file, String expectedSha256, String job) {
        BasicFileAttributes attributes;
        try {
            attributes = attributes(file);
        } catch (NoSuchFileException e) {
            throw changed(file, job, "it no longer exists");
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        kind(file, attributes).ifPresent(kind -> {
            throw changed(file, job, "it is now " + kind);
        });
        Path copy;
        try {
            copy = privateTemporaryFile();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a private copy of " + file + " in "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
        String found;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
             OutputStream out = Files.newOutputStream(copy)) {
            MessageDigest digest = sha256();
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) != -1; ) {
                digest.update(buffer, 0, n);
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) { // not the file's fault: the temporary directory (full, gone)
                    throw new UncheckedIOException("cannot write the private copy of " + file + " in "
                            + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
                }
            }
            found = HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            delete(copy);
            if (isLoop(e)) { // the last component was swapped for a symbolic link after the check above
                throw changed(file, job, "it is now a symbolic link");
            }
            throw e instanceof NoSuchFileException ? changed(file, job, "it no longer exists") : unreadable(file, e);
        } catch (RuntimeException e) {
            delete(copy);
            throw e;
        }
        if (!found.equals(expectedSha256)) {
            delete(copy);
            throw new Conflict("FILE_CHANGED", file + " changed since " + job + " started: expected sha256 "
                    + expectedSha256 + ", found " + found + "; restore the file or run it as a new job");
        }
        return new Snapshot(copy);
    }

    /** What a path is when it is not a regular file ("a directory", "a named pipe (FIFO)", ...), read without following it. */
    static Optional<String> kind(Path path, BasicFileAttributes attributes) {
        if (attributes.isRegularFile()) {
            return Optional.empty();
        }
        if (attributes.isSymbolicLink()) {
            return Optional.of("a symbolic link");
        }
        if (attributes.isDirectory()) {
            return Optional.of("a directory");
        }
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            switch (mode & 0170000) {
                case 0010000:
                    return Optional.of("a named pipe (FIFO)");
                case 0020000:
                    return Optional.of("a character device");
                case 0060000:
                    return Optional.of("a block device");
                case 0140000:
                    return Optional.of("a socket");
                default:
                    break;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            // no unix view on this platform: the generic description below
        }
        return Optional.of("a special file");
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * A new private temporary file named for this process ({@code bazaar-input-<pid>-*.tmp}), after deleting the copies
     * that processes gone without closing them (kill -9) left behind.
     */
    private static Path privateTemporaryFile() throws IOException {
        removeCopiesOfDeadProcesses(Path.of(System.getProperty("java.io.tmpdir")));
        String prefix = PREFIX + ProcessHandle.current().pid() + "-";
        try {
            return Files.createTempFile(prefix, SUFFIX, PRIVATE);
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile(prefix, SUFFIX); // not POSIX: the platform's private default
        }
    }

    private static final String PREFIX = "bazaar-input-";
    private static final String SUFFIX = ".tmp";
    private static final java.util.regex.Pattern COPY =
            java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(PREFIX) + "(\\d+)-\\d+"
                    + java.util.regex.Pattern.quote(SUFFIX));

    static void removeCopiesOfDeadProcesses(Path directory) {
        try (var copies = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
            for (Path copy : copies) {
                var m = COPY.matcher(copy.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).map(p -> !p.isAlive()).orElse(true)) {
                    delete(copy); // another user's copy stays: the sticky temporary directory refuses, and that is fine
                }
            }
        } catch (IOException | NumberFormatException e) {
            // housekeeping only
        }
    }

    private static boolean isLoop(IOException e) {
        return e instanceof java.nio.file.FileSystemException f && f.getReason() != null
                && f.getReason().contains("symbolic links");
    }

    private static Conflict changed(Path file, String job, String what) {
        return new Conflict("FILE_CHANGED", file + " changed since " + job + " started: " + what
                + "; restore the file or run it as a new job");
    }

    private static ValidationException unreadable(Path file, IOException e) {
        String reason = e instanceof AccessDeniedException ? "permission denied"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ValidationException("FILE_UNREADABLE", "file", "cannot read " + file + ": " + reason);
    }

    static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a temporary file the platform cleans up
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
