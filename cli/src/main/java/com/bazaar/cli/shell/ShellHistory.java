package com.bazaar.cli.shell;

import com.bazaar.cli.output.TerminalText;
import org.jline.reader.LineReader;
import org.jline.reader.impl.history.DefaultHistory;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * The console's history, kept in {@code $BAZAAR_HOME/shell_history}: created {@code 0600}; an existing file that
 * group or others may use loses those bits (and the user is told); a symbolic link, anything but
 * a regular file, a file of another user or one larger than {@link #MAX_FILE_BYTES} is never read nor written: the
 * session goes on without a history file, saying why in one sentence. Lines longer than {@link #MAX_KEPT_LINE} run
 * but are not remembered; the file keeps the last {@link #MAX_FILE_ENTRIES} lines. Together these bound what
 * loading the file costs.
 * <p>
 * The file is checked (without following links) before every read and write; JLine then opens it by name. A swap
 * between the two needs write access to {@code $BAZAAR_HOME}, which only its owner has (the home directory check).
 */
final class ShellHistory extends DefaultHistory {

    /** Longest line kept in the history (longer ones, up to the console's line limit, still run). */
    static final int MAX_KEPT_LINE = 4096;
    /** Lines the history file keeps (JLine trims it when it grows a quarter beyond). */
    static final int MAX_FILE_ENTRIES = 1000;
    /** A history file larger than this is not read (1,250 lines of 4,096 characters fit in 16 MiB when ASCII). */
    static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER = PosixFilePermissions.fromString("rwx------");

    private final Path file;
    private final PrintWriter err;
    private boolean off;

    ShellHistory(Path file, PrintWriter err) {
        this.file = file.toAbsolutePath();
        this.err = err;
    }

    @Override
    public void attach(LineReader reader) {
        reader.setVariable(LineReader.HISTORY_FILE_SIZE, MAX_FILE_ENTRIES);
        super.attach(reader);
    }

    @Override
    public void load() throws IOException {
        if (usable(true)) {
            super.load();
        }
    }

    @Override
    public void save() throws IOException {
        if (usable(false)) {
            super.save();
        }
    }

    @Override
    public void append(Path target, boolean incremental) throws IOException {
        if (target == null && usable(false)) {
            super.append(null, incremental);
        }
    }

    @Override
    public void write(Path target, boolean incremental) throws IOException {
        if (target == null && usable(false)) {
            super.write(null, incremental);
        }
    }

    @Override
    public void read(Path target, boolean checkDuplicates) throws IOException {
        if (target == null && usable(true)) {
            super.read(null, checkDuplicates);
        }
    }

    @Override
    public void purge() throws IOException {
        if (usable(false)) {
            super.purge();
        }
    }

    @Override
    public void add(Instant time, String line) {
        if (line.length() <= MAX_KEPT_LINE) {
            super.add(time, line);
        }
    }

    /**
     * Whether the history file may be used now: creates it {@code 0600} when missing, tightens group/other bits,
     * and otherwise turns the file off for the session with one sentence.
     */
    private boolean usable(boolean reading) {
        if (off) {
            return false;
        }
        String problem;
        try {
            problem = check(reading);
        } catch (IOException e) {
            problem = "cannot be used (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        }
        if (problem == null) {
            return true;
        }
        off = true;
        err.println("warning: history file " + TerminalText.line(file.toString()) + " " + problem
                + "; this session keeps no history file.");
        err.flush();
        return false;
    }

    /** What is wrong with the file, or {@code null} when it may be used. */
    private String check(boolean reading) throws IOException {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException missing) {
            try {
                // O_CREAT|O_EXCL: never follows a link planted meanwhile; the umask can only remove bits
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            } catch (FileAlreadyExistsException planted) {
                return check(reading);
            }
            return null;
        }
        if (attributes.isSymbolicLink()) {
            return "is a symbolic link (never followed)";
        }
        if (!attributes.isRegularFile()) {
            return "is " + (attributes.isDirectory() ? "a directory" : "not a regular file (a FIFO, socket or device)");
        }
        String me = System.getProperty("user.name");
        if (!attributes.owner().getName().equals(me)) {
            return "belongs to " + TerminalText.line(attributes.owner().getName()) + ", not to " + TerminalText.line(me);
        }
        if (reading && attributes.size() > MAX_FILE_BYTES) {
            return "is larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB (remove it or keep its last lines)";
        }
        Set<PosixFilePermission> ownerBits = EnumSet.noneOf(PosixFilePermission.class);
        attributes.permissions().stream().filter(OWNER::contains).forEach(ownerBits::add);
        if (!ownerBits.equals(attributes.permissions())) {
            Files.setPosixFilePermissions(file, ownerBits); // a regular file (checked above, links not followed)
            err.println("note: history file " + TerminalText.line(file.toString()) + " was "
                    + PosixFilePermissions.toString(attributes.permissions()) + "; it is now "
                    + PosixFilePermissions.toString(ownerBits) + ".");
            err.flush();
        }
        return null;
    }
}
