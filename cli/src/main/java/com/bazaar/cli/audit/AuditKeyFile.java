package com.bazaar.cli.audit;

import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import com.bazaar.domain.audit.AuditKey;
import com.bazaar.domain.audit.AuditKeys;
import com.bazaar.postgres.files.PrivateFiles;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The audit key in a file: {@code $BAZAAR_HOME/audit.key} unless {@code audit.key-file} names another (the same file
 * on every host of an installation). Created 0600 by {@code bazaar init} or {@code bazaar db migrate}; read only if
 * it is a regular file of this user that nobody else may read, never through a link ({@link PrivateFiles}: such a
 * refusal exits 3). Read once per process.
 */
public final class AuditKeyFile implements AuditKeys {

    private static final String WHAT = "audit key file";

    private final Path path;
    private volatile AuditKey loaded;

    public AuditKeyFile(Path path) {
        this.path = path;
    }

    @Override
    public String location() {
        return path.toString();
    }

    @Override
    public Optional<AuditKey> find() {
        AuditKey key = loaded;
        if (key != null) {
            return Optional.of(key);
        }
        Optional<String> text = PrivateFiles.readSecretIfPresent(path, WHAT); // a key file is a few hundred bytes
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            key = AuditKey.parse(text.get());
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCode.FAILURE, "the " + WHAT + " " + path + " is damaged: " + e.getMessage()
                    + " (restore it from the backup)");
        }
        loaded = key;
        return Optional.of(key);
    }

    @Override
    public AuditKey key() {
        return find().orElseThrow(() -> new CommandFailure(ExitCode.FAILURE, "this host has no audit key at " + path + ": every host"
                + " of an installation needs the installation's key file there (copy it from another host, mode 0600,"
                + " or set audit.key-file); a new installation gets it from 'bazaar init', an upgraded one from"
                + " 'bazaar db migrate'"));
    }

    @Override
    public void create(AuditKey key) {
        PrivateFiles.createSecret(path, key.fileText(), WHAT);
        loaded = null; // read back what was written, with the same checks as any later command
        find();
    }

    @Override
    public String toString() {
        return "AuditKeyFile[" + path + "]"; // never the key
    }
}
