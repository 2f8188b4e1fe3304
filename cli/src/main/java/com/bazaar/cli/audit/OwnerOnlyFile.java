package com.bazaar.cli.audit;

import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files only their owner may touch, as ssh treats private keys: never through a symbolic link, only regular files,
 * owned by the user running bazaar, and (for secrets) readable by nobody else. Each refusal is one sentence, exit 1:
 * the host is not set up safely. (The token files of issue 10 follow the same rules; the two readers are meant to
 * become one.)
 */
final class OwnerOnlyFile {

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> WRITABLE_BY_OTHERS = EnumSet.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    private OwnerOnlyFile() {
    }

    /** True when something (a file, a link, anything) is at the path; a dangling link counts. */
    static boolean present(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Reads a secret file of at most {@code maxBytes}: refused when it is a link, not a regular file, another user's,
     * or open to group or others in any way.
     */
    static String readSecret(Path path, String what, int maxBytes) {
        PosixFileAttributes before = inspect(path, what, GROUP_OR_OTHERS);
        try (SeekableByteChannel channel = Files.newByteChannel(path, Set.<OpenOption>of(StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS))) {
            ByteBuffer buffer = ByteBuffer.allocate(maxBytes + 1);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read up to one byte more than allowed
            }
            if (buffer.position() > maxBytes) {
                throw refuse("the " + what + " " + path + " is larger than " + maxBytes + " bytes: it is not one");
            }
            PosixFileAttributes after = inspect(path, what, GROUP_OR_OTHERS);
            if (before.fileKey() != null && !before.fileKey().equals(after.fileKey())) {
                throw refuse("the " + what + " " + path + " was replaced while it was read: try again");
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw refuse("cannot read the " + what + " " + path + ": " + reason(e));
        }
    }

    /**
     * Checks a file bazaar appends to: a regular file of this user that neither group nor others may write (reading
     * is allowed: it holds no secret).
     */
    static void checkWritable(Path path, String what) {
        inspect(path, what, WRITABLE_BY_OTHERS);
    }

    /** Creates a new file readable and writable by its owner only (0600), holding {@code text}, durably. */
    static void createSecret(Path path, String text, String what) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            // CREATE_NEW is O_CREAT|O_EXCL: it never follows a link planted at the path, and never reuses a file
            try (FileChannel channel = FileChannel.open(path, EnumSet.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions
                    .fromString("rw-------")))) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            if (parent != null) {
                syncDirectory(parent);
            }
        } catch (FileAlreadyExistsException e) {
            throw refuse("a " + what + " exists already at " + path + ": bazaar does not overwrite it");
        } catch (IOException e) {
            throw refuse("cannot create the " + what + " " + path + ": " + reason(e));
        }
    }

    /** Opens a file for appending, creating it 0600 if absent, never through a link; checked like the others. */
    static FileChannel openForAppend(Path path, String what) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
            if (present(path)) {
                checkWritable(path, what);
            }
            FileChannel channel = FileChannel.open(path, options, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            checkWritable(path, what);
            return channel;
        } catch (IOException e) {
            throw refuse("cannot open the " + what + " " + path + ": " + reason(e));
        }
    }

    private static PosixFileAttributes inspect(Path path, String what, Set<PosixFilePermission> forbidden) {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw refuse("the " + what + " " + path + " does not exist");
        } catch (IOException | UnsupportedOperationException e) {
            throw refuse("cannot inspect the " + what + " " + path + ": " + e.getMessage());
        }
        if (attributes.isSymbolicLink()) {
            throw refuse("the " + what + " " + path + " is a symbolic link: bazaar does not follow links for it; put"
                    + " the file itself there");
        }
        if (!attributes.isRegularFile()) {
            throw refuse("the " + what + " " + path + " is " + kind(attributes) + ", not a regular file");
        }
        long owner = uid(path);
        long me = currentUid();
        if (owner != me) {
            throw refuse("the " + what + " " + path + " belongs to uid " + owner + ", not to the user running bazaar"
                    + " (uid " + me + "): make it yours (chown) or use your own");
        }
        Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
        open.addAll(attributes.permissions());
        open.retainAll(forbidden);
        if (!open.isEmpty()) {
            throw refuse("the " + what + " " + path + " is open to others (mode "
                    + PosixFilePermissions.toString(attributes.permissions()) + "): make it private with 'chmod 600 "
                    + path + "'");
        }
        return attributes;
    }

    private static String kind(PosixFileAttributes a) {
        if (a.isDirectory()) {
            return "a directory";
        }
        return a.isOther() ? "a special file (FIFO, socket or device)" : "not a regular file";
    }

    private static long uid(Path path) {
        try {
            return ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            throw refuse("cannot tell who owns " + path + ": " + e.getMessage());
        }
    }

    private static long currentUid() {
        return new com.sun.security.auth.module.UnixSystem().getUid();
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // not every file system lets a directory be synced; the file itself is
        }
    }

    private static String reason(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason() : message;
    }

    static CommandFailure refuse(String sentence) {
        return new CommandFailure(ExitCode.FAILURE, sentence);
    }
}
