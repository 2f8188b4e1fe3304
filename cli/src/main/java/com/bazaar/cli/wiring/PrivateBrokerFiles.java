package com.bazaar.cli.wiring;

import com.bazaar.events.broker.BrokerFiles;
import com.bazaar.postgres.files.PrivateFiles;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;

/** The local Kafka broker's files, under the same rules as every other private file of the home ({@link PrivateFiles}). */
final class PrivateBrokerFiles implements BrokerFiles {

    @Override
    public void createPrivateDirectory(Path directory) {
        PrivateFiles.createDirectories(directory);
    }

    @Override
    public FileChannel openLock(Path file, String what) {
        return PrivateFiles.openOwned(file, what, false);
    }

    @Override
    public Optional<String> readPrivate(Path file, String what, int maxBytes) {
        return PrivateFiles.readOwnedIfPresent(file, what, maxBytes);
    }

    @Override
    public void writePrivate(Path file, String text, String what) {
        PrivateFiles.replaceSecret(file, text, what);
    }

    @Override
    public void checkRegular(Path file, String what) {
        PrivateFiles.checkRegularIfPresent(file, what);
    }
}
