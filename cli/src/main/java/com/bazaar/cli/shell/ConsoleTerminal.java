package com.bazaar.cli.shell;

import org.jline.terminal.TerminalBuilder;
import org.jline.utils.OSUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;

/**
 * How the console gets its terminal without running any program found through {@code PATH}.
 * <p>
 * JLine's default provider list ends with "exec", which probes every standard stream by running {@code test -t N}
 * and {@code tty}, and drives the terminal with {@code stty}, all looked up on {@code PATH}: with a directory holding
 * a script named {@code test} first on {@code PATH} (the repository's {@code scripts/}), {@code bazaar shell} ran
 * that script. The console therefore uses only the JNI provider (native {@code isatty}/{@code tcgetattr}, shipped in
 * the JLine jar for Linux, macOS, Windows and FreeBSD), and a dumb terminal when it cannot load or when standard
 * input is not a terminal. The one program JLine may still start with the JNI provider is {@code infocmp}, for a
 * {@code TERM} whose capabilities it does not bundle (e.g. {@code tmux-256color}); that and the exec provider's
 * commands are pinned to root-owned files in {@code /usr/bin} or {@code /bin}, or to a path that cannot exist.
 */
final class ConsoleTerminal {

    /** Directories a terminal program may come from: root-owned system directories, never {@code PATH}. */
    private static final List<Path> SYSTEM_DIRECTORIES = List.of(Path.of("/usr/bin"), Path.of("/bin"));

    /** Under {@code /dev/null} nothing can exist: a program pinned there fails to start, and JLine does without. */
    private static final Path NOWHERE = Path.of("/dev/null");

    private ConsoleTerminal() {
    }

    /**
     * Pins JLine's external commands to absolute trusted paths and gives its native library a private directory.
     * Call before the terminal is built.
     */
    static void harden() {
        OSUtils.TTY_COMMAND = program("tty");
        OSUtils.STTY_COMMAND = program("stty");
        OSUtils.INFOCMP_COMMAND = program("infocmp");
        OSUtils.TEST_COMMAND = program("test");
        if (System.getProperty("jline.tmpdir") == null) {
            // JLine extracts libjlinenative.so to jline.tmpdir (default: the shared /tmp) and loads it from there
            try {
                Path directory = Files.createTempDirectory("bazaar-jline-"); // 0700
                directory.toFile().deleteOnExit(); // after the library, which JLine registers later
                System.setProperty("jline.tmpdir", directory.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a private directory for JLine's native library", e);
            }
        }
    }

    /** The terminal: JNI only (no exec, FFM, JNA or Jansi provider), a dumb one when that is not possible. */
    static void configure(TerminalBuilder builder) {
        builder.system(true).provider(TerminalBuilder.PROP_PROVIDER_JNI).jni(true).exec(false).ffm(false)
                .jna(false).jansi(false).dumb(true);
    }

    /** The absolute path of a trusted copy of {@code name}, or a path under {@code /dev/null} that cannot run. */
    static String program(String name) {
        for (Path directory : SYSTEM_DIRECTORIES) {
            try {
                Path file = directory.resolve(name);
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                Path real = file.toRealPath();
                if (trusted(real) && trusted(real.getParent())) {
                    return real.toString();
                }
            } catch (IOException | UnsupportedOperationException e) {
                // not usable: try the next directory
            }
        }
        return NOWHERE.resolve(name).toString();
    }

    private static boolean trusted(Path path) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class);
        return attributes.owner().getName().equals("root")
                && !attributes.permissions().contains(PosixFilePermission.GROUP_WRITE)
                && !attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE);
    }
}
