package com.bazaar.events.broker;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How the broker's private files of the home are touched: never through a symbolic link, never another user's, never
 * open to others' writes; new directories 0700, new files 0600. The command line supplies the implementation it
 * uses for every other private file of the home (PostgreSQL's pid and password files, tokens), so this module has
 * one rule for them and no copy of it.
 */
public interface BrokerFiles {

    /** Creates the directory and its missing parents, each 0700; an existing directory is left as it is. */
    void createPrivateDirectory(Path directory);

    /** Opens (creating 0600 when absent) a lock file: a regular file of this user that others may not write. */
    FileChannel openLock(Path file, String what);

    /** A small private file's text (a pid file), or empty when nothing is there; refuses a link or another's file. */
    Optional<String> readPrivate(Path file, String what, int maxBytes);

    /** Replaces (or creates) a private file atomically, 0600. */
    void writePrivate(Path file, String text, String what);

    /** Refuses a symbolic link, directory, FIFO or device where a file that is appended to (a log) must be. */
    void checkRegular(Path file, String what);
}
