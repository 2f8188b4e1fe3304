package com.bazaar.postgres.files;

import com.bazaar.postgres.files.PrivateFileRefused.Problem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Files only the user running Bazaar may touch, treated as ssh treats private keys. Every file is looked at with
 * {@code lstat} before it is opened, and opened with {@code O_NOFOLLOW}: a symbolic link is refused, never followed;
 * a directory, FIFO, device or socket is refused before it is opened (so nothing blocks on a FIFO and no device is
 * read); a file of another user is refused; a secret (token, password, key) is refused when group or others have any
 * permission on it, any other private file (lock, pid, append-only) when they may write it. Reads are bounded and
 * re-check that the file was not replaced meanwhile. New files are created {@code 0600} with {@code O_CREAT|O_EXCL}
 * (never through a planted link) and replaced atomically (a staged file renamed into place). Each refusal is a
 * {@link PrivateFileRefused}: one sentence naming the path, what the file is for and what is wrong.
 *
 * <p>Directories: {@link #checkDirectory} refuses one that another user owns or that group or others may write (the
 * Bazaar home); {@link #createDirectories} creates missing ones {@code 0700}. Only the directory itself is checked,
 * not its parents.
 */
public final class PrivateFiles {

    /** The largest secret file read: tokens, passwords and keys are a few hundred bytes at most. */
    public static final int MAX_SECRET_BYTES = 4096;

    private static final int TYPE = 0170000;
    private static final int REGULAR = 0100000;
    private static final int DIRECTORY = 0040000;
    private static final int LINK = 0120000;
    private static final int FIFO = 0010000;
    private static final int CHARACTER_DEVICE = 0020000;
    private static final int BLOCK_DEVICE = 0060000;
    private static final int SOCKET = 0140000;

    /** A secret: group and others may have no permission at all. */
    private static final int SECRET = 0077;
    /** Any other private file or directory: group and others may not write it. */
    private static final int NOT_WRITABLE_BY_OTHERS = 0022;
    private static final int ANY_MODE = 0;

    private static final FileAttribute<Set<PosixFilePermission>> FILE_0600 =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY_0700 =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private PrivateFiles() {
    }

    /** What {@code lstat(2)} (or {@code stat(2)}) says about a path. */
    private record Stat(int mode, long uid, long size, long inode, long device) {
        int type() {
            return mode & TYPE;
        }

        boolean sameFile(Stat other) {
            return inode == other.inode && device == other.device;
        }
    }

    /** True when anything (a file, a link - even a dangling one -, a FIFO...) is at the path. */
    public static boolean present(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    // ---- reading ----

    /** A secret file of at most {@link #MAX_SECRET_BYTES}, as text. */
    public static String readSecret(Path path, String what) {
        return readSecret(path, what, MAX_SECRET_BYTES);
    }

    /** A secret file of at most {@code maxBytes}: a regular file of this user on which group and others have no bit. */
    public static String readSecret(Path path, String what, int maxBytes) {
        return read(path, what, maxBytes, SECRET);
    }

    /** {@link #readSecret(Path, String)}, or empty when nothing is at the path. */
    public static Optional<String> readSecretIfPresent(Path path, String what) {
        return present(path) ? readIfStillPresent(path, what, MAX_SECRET_BYTES, SECRET) : Optional.empty();
    }

    /**
     * A private file that holds no secret (a pid file), or empty when nothing is at the path: a regular file of this
     * user that group and others may not write, at most {@code maxBytes}.
     */
    public static Optional<String> readOwnedIfPresent(Path path, String what, int maxBytes) {
        return present(path) ? readIfStillPresent(path, what, maxBytes, NOT_WRITABLE_BY_OTHERS) : Optional.empty();
    }

    /** Refuses a secret file that is unsafe to use; nothing at the path is fine. */
    public static void checkSecretIfPresent(Path path, String what) {
        if (present(path)) {
            inspect(path, what, SECRET);
        }
    }

    /** Refuses a private file that is not a regular file of this user or that others may write; absent is fine. */
    public static void checkOwnedIfPresent(Path path, String what) {
        if (present(path)) {
            inspect(path, what, NOT_WRITABLE_BY_OTHERS);
        }
    }

    /**
     * Refuses a symbolic link, a directory, FIFO, device or socket at the path (of anyone, any mode: a file others may
     * write to, such as a log, but that must never be written through a link or block the writer); absent is fine.
     */
    public static void checkRegularIfPresent(Path path, String what) {
        if (present(path)) {
            inspect(path, what, ANY_MODE, false);
        }
    }

    /**
     * Opens a file that holds no secret but must be a file, for reading: a regular file (of anyone), never a link, a
     * FIFO or a device.
     */
    public static FileChannel openRegularForReading(Path path, String what) {
        inspect(path, what, ANY_MODE, false);
        try {
            return FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw failed("read", path, what, e);
        }
    }

    private static Optional<String> readIfStillPresent(Path path, String what, int maxBytes, int forbidden) {
        try {
            return Optional.of(read(path, what, maxBytes, forbidden));
        } catch (PrivateFileRefused e) {
            if (e.problem() == Problem.MISSING) {
                return Optional.empty(); // removed between the look and the read
            }
            throw e;
        }
    }

    private static String read(Path path, String what, int maxBytes, int forbidden) {
        Stat before = inspect(path, what, forbidden);
        if (before.size() > maxBytes) {
            throw tooLarge(path, what, maxBytes);
        }
        ByteBuffer buffer = ByteBuffer.allocate(maxBytes + 1);
        try (SeekableByteChannel channel = Files.newByteChannel(path, Set.<OpenOption>of(StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS))) {
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // at most one byte more than allowed: enough to tell that it is too large
            }
        } catch (IOException e) {
            throw failed("read", path, what, e);
        }
        if (buffer.position() > maxBytes) {
            throw tooLarge(path, what, maxBytes);
        }
        Stat after = inspect(path, what, forbidden);
        if (!after.sameFile(before)) {
            throw new PrivateFileRefused(Problem.UNREADABLE, "the " + what + " " + path + " was replaced while it was"
                    + " read: try again");
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    // ---- writing ----

    /** Creates a new secret file (0600) holding {@code text}, durably; refuses when anything is at the path. */
    public static void createSecret(Path path, String text, String what) {
        createDirectories(parent(path));
        try {
            writeNew(path, text);
        } catch (FileAlreadyExistsException e) {
            throw new PrivateFileRefused(Problem.EXISTS, "the " + what + " " + path + " exists already: bazaar does"
                    + " not overwrite it");
        } catch (IOException e) {
            throw failed("create", path, what, e);
        }
        syncDirectory(parent(path));
    }

    /**
     * Writes a secret (0600) to {@code staged}, to be moved into place by {@link #commit}; a file left there by an
     * interrupted write is replaced, anything else (a link, another user's file) is refused.
     */
    public static void stage(Path staged, String text, String what) {
        createDirectories(parent(staged));
        if (present(staged)) {
            inspect(staged, what, ANY_MODE);
            try {
                Files.delete(staged);
            } catch (IOException e) {
                throw failed("replace", staged, what, e);
            }
        }
        try {
            writeNew(staged, text);
        } catch (IOException e) {
            throw failed("create", staged, what, e);
        }
    }

    /**
     * Moves a staged file over {@code target} atomically (rename), never replacing a symbolic link, a non-file or
     * another user's file planted at the target.
     */
    public static void commit(Path staged, Path target, String what) {
        if (present(target)) {
            inspect(target, what, ANY_MODE);
        }
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw failed("replace", target, what, e);
        }
        syncDirectory(parent(target));
    }

    /** Replaces (or creates) a secret file atomically: {@code FILE.new} written 0600, then renamed over the file. */
    public static void replaceSecret(Path path, String text, String what) {
        Path staged = path.resolveSibling(path.getFileName() + ".new");
        stage(staged, text, what);
        commit(staged, path, what);
    }

    /**
     * Opens a private file for writing (a lock file; with {@code append}, an append-only file), creating it 0600 when
     * absent, never through a link; refused when it is not a regular file of this user or others may write it.
     */
    public static FileChannel openOwned(Path path, String what, boolean append) {
        createDirectories(parent(path));
        checkOwnedIfPresent(path, what); // before opening: opening a FIFO for writing would block
        Set<OpenOption> options = new HashSet<>(Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS));
        if (append) {
            options.add(StandardOpenOption.APPEND);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(path, options, FILE_0600);
        } catch (IOException e) {
            throw failed("open", path, what, e);
        }
        try {
            inspect(path, what, NOT_WRITABLE_BY_OTHERS);
            return channel;
        } catch (RuntimeException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // refused anyway
            }
            throw e;
        }
    }

    // ---- directories ----

    /** Creates the directory and its missing parents, each 0700; an existing directory is left as it is. */
    public static void createDirectories(Path directory) {
        if (directory == null || Files.isDirectory(directory)) {
            return;
        }
        try {
            Files.createDirectories(directory, DIRECTORY_0700);
        } catch (FileAlreadyExistsException e) {
            throw new PrivateFileRefused(Problem.WRONG_TYPE, "cannot create the directory " + directory + ": something"
                    + " that is not a directory is in its place");
        } catch (IOException e) {
            throw failed("create", directory, "directory", e);
        }
    }

    /**
     * Refuses a directory that others could change: owned by another user, writable by group or others, or a
     * symbolic link that another user made (a link of this user's own is followed, and its target checked). A missing
     * directory is fine (create it with {@link #createDirectories}). Its parents are not checked.
     */
    public static void checkDirectory(Path directory, String what) {
        Stat stat;
        try {
            stat = stat(directory, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw failed("inspect", directory, what, e);
        }
        long me = currentUid();
        if (stat.type() == LINK) {
            if (stat.uid() != me) {
                throw new PrivateFileRefused(Problem.NOT_OWNED, "the " + what + " " + directory + " is a symbolic link"
                        + " owned by uid " + stat.uid() + ", not you (uid " + me + "): remove it, or use a directory of"
                        + " your own");
            }
            try {
                stat = stat(directory);
            } catch (NoSuchFileException e) {
                throw new PrivateFileRefused(Problem.WRONG_TYPE, "the " + what + " " + directory + " is a symbolic link"
                        + " to nothing: create the directory it points to, or remove the link");
            } catch (IOException e) {
                throw failed("inspect", directory, what, e);
            }
        }
        if (stat.type() != DIRECTORY) {
            throw new PrivateFileRefused(Problem.WRONG_TYPE, "the " + what + " " + directory + " is "
                    + kind(stat.type()) + ", not a directory");
        }
        if (stat.uid() != me) {
            throw new PrivateFileRefused(Problem.NOT_OWNED, "the " + what + " " + directory + " is owned by uid "
                    + stat.uid() + ", not you (uid " + me + "): chown it to yourself, or use a directory of your own");
        }
        if ((stat.mode() & NOT_WRITABLE_BY_OTHERS) != 0) {
            throw new PrivateFileRefused(Problem.OPEN_TO_OTHERS, "the " + what + " " + directory + " is writable by"
                    + " group or others (mode " + mode(stat) + "): chmod go-w it");
        }
    }

    // ---- checks ----

    private static Stat inspect(Path path, String what, int forbidden) {
        return inspect(path, what, forbidden, true);
    }

    private static Stat inspect(Path path, String what, int forbidden, boolean mine) {
        Stat stat;
        try {
            stat = stat(path, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw failed("inspect", path, what, e);
        }
        if (stat.type() == LINK) {
            throw symbolicLink(path, what);
        }
        if (stat.type() != REGULAR) {
            throw new PrivateFileRefused(Problem.WRONG_TYPE, "the " + what + " " + path + " is " + kind(stat.type())
                    + ", not a regular file");
        }
        long me = currentUid();
        if (mine && stat.uid() != me) {
            throw new PrivateFileRefused(Problem.NOT_OWNED, "the " + what + " " + path + " is owned by uid "
                    + stat.uid() + ", not you (uid " + me + "): chown it to yourself, or use a file of your own");
        }
        int open = stat.mode() & forbidden;
        if (open != 0) {
            String how = (open & 0044) != 0 ? "readable" : (open & 0022) != 0 ? "writable" : "open";
            String fix = forbidden == SECRET ? "chmod 600 it" : "chmod go-w it";
            throw new PrivateFileRefused(Problem.OPEN_TO_OTHERS, "the " + what + " " + path + " is " + how + " by group"
                    + " or others (mode " + mode(stat) + "): " + fix);
        }
        return stat;
    }

    private static Stat stat(Path path, LinkOption... options) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(path, "unix:mode,uid,size,ino,dev", options);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            throw new IOException("this file system does not tell owners and modes (" + e.getMessage() + ")", e);
        }
        return new Stat((Integer) a.get("mode"), ((Number) a.get("uid")).longValue(),
                ((Number) a.get("size")).longValue(), ((Number) a.get("ino")).longValue(),
                ((Number) a.get("dev")).longValue());
    }

    /** What a file of this type is called in a refusal. */
    private static String kind(int type) {
        return switch (type) {
            case REGULAR -> "a regular file";
            case DIRECTORY -> "a directory";
            case LINK -> "a symbolic link";
            case FIFO -> "a FIFO (named pipe)";
            case CHARACTER_DEVICE -> "a character device";
            case BLOCK_DEVICE -> "a block device";
            case SOCKET -> "a socket";
            default -> "a special file";
        };
    }

    private static String mode(Stat stat) {
        return String.format("%04o", stat.mode() & 07777);
    }

    private static PrivateFileRefused symbolicLink(Path path, String what) {
        return new PrivateFileRefused(Problem.SYMBOLIC_LINK, "the " + what + " " + path + " is a symbolic link:"
                + " bazaar never follows a link there; put the file itself in its place");
    }

    private static PrivateFileRefused tooLarge(Path path, String what, int maxBytes) {
        return new PrivateFileRefused(Problem.TOO_LARGE, "the " + what + " " + path + " is larger than " + maxBytes
                + " bytes: it cannot be one");
    }

    private static PrivateFileRefused failed(String action, Path path, String what, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new PrivateFileRefused(Problem.MISSING, "the " + what + " " + path + " does not exist");
        }
        if (e instanceof FileSystemException f && f.getReason() != null && f.getReason().contains("symbolic links")) {
            return symbolicLink(path, what); // ELOOP: O_NOFOLLOW met a link swapped in after the look
        }
        String reason = e instanceof AccessDeniedException ? "permission denied"
                : e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new PrivateFileRefused(Problem.UNREADABLE, "cannot " + action + " the " + what + " " + path + ": "
                + reason);
    }

    // ---- helpers ----

    /** {@code O_CREAT|O_EXCL}: never follows a link planted at the path, never reuses a file. */
    private static void writeNew(Path path, String text) throws IOException {
        try (FileChannel channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), FILE_0600)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
    }

    private static Path parent(Path path) {
        return path.toAbsolutePath().getParent();
    }

    private static void syncDirectory(Path directory) {
        if (directory == null) {
            return;
        }
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // not every file system lets a directory be synced; the file itself is
        }
    }

    /** The user running this process. */
    public static long currentUid() {
        return new com.sun.security.auth.module.UnixSystem().getUid();
    }
}
