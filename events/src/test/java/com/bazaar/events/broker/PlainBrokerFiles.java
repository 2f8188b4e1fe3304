package com.bazaar.events.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The broker's files on a plain temporary folder, for tests of this module (the command line supplies the checked
 * implementation, over PrivateFiles, and its tests exercise that one).
 */
final class PlainBrokerFiles implements BrokerFiles {

    @Override
    public void createPrivateDirectory(Path directory) {
        try {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public FileChannel openLock(Path file, String what) {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<String> readPrivate(Path file, String what, int maxBytes) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void writePrivate(Path file, String text, String what) {
        try {
            Path staged = file.resolveSibling(file.getFileName() + ".new");
            Files.writeString(staged, text, StandardCharsets.UTF_8);
            Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void checkRegular(Path file, String what) {
        if (Files.isSymbolicLink(file)) {
            throw new IllegalStateException(file + " is a link");
        }
    }
}
