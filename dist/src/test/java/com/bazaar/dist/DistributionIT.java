package com.bazaar.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tarball as a user gets it: unpacked into an empty directory and run by its {@code bin/bazaar}, from a working
 * directory that is no checkout, with a PATH on which there is no Maven, a fresh HOME and BAZAAR_HOME. One process
 * start per command. Also proves that the install is never written to (it may be read-only: the class data sharing
 * archive goes to {@code ~/.cache/bazaar/VERSION/}), that the man pages are valid for groff and that the bash
 * completion script loads.
 */
class DistributionIT {

    @TempDir
    Path scratch;

    @Test
    void theTarballUnpackedIntoAnEmptyDirectoryRunsWithoutMavenOrACheckout() throws Exception {
        Path tarball = Path.of(System.getProperty("bazaar.dist.tarball"));
        String name = System.getProperty("bazaar.dist.name");
        String version = name.substring("bazaar-".length());
        assertThat(tarball).as("mvn package builds the tarball first").isRegularFile();

        Path opt = Files.createDirectories(scratch.resolve("opt"));
        Path home = Files.createDirectories(scratch.resolve("home"));
        Path work = Files.createDirectories(scratch.resolve("work"));
        assertThat(run(List.of("tar", "-xzf", tarball.toString(), "-C", opt.toString()), System.getenv(), scratch)
                .code()).isZero();
        Path install = opt.resolve(name);
        try (Stream<Path> top = Files.list(opt)) {
            assertThat(top.toList()).as("one directory, named for the version").containsExactly(install);
        }
        Path bazaar = install.resolve("bin/bazaar");
        assertThat(Files.isExecutable(bazaar)).as("bin/bazaar is executable").isTrue();
        assertThat(install.resolve("lib/bazaar.jar")).isRegularFile();
        assertThat(install.resolve("README")).content().contains("tar -xzf " + name + ".tar.gz")
                .doesNotContain("@BAZAAR_VERSION@");
        assertThat(install.resolve("LICENSE")).content().contains("THIRD-PARTY.txt");
        // every third-party jar shipped, with its licence: the CLI's own dependencies are named there
        assertThat(install.resolve("THIRD-PARTY.txt")).content().contains("info.picocli:picocli:")
                .contains("org.postgresql:postgresql:").contains("org.springframework.batch:spring-batch-core:")
                .doesNotContain("com.bazaar:");
        List<String> installed = tree(install);

        Map<String, String> env = new HashMap<>();
        Path tools = scratch.resolve("tools");
        env.put("PATH", pathWithoutMaven(tools));
        try {
            runTheInstall(install, installed, version, env, home, work);
        } finally {
            removeLinks(tools); // (else JUnit warns about every link it deletes)
        }
    }

    private void runTheInstall(Path install, List<String> installed, String version, Map<String, String> env,
            Path home, Path work) throws Exception {
        Path bazaar = install.resolve("bin/bazaar");
        env.put("HOME", home.toString());
        env.put("BAZAAR_HOME", home.resolve(".bazaar").toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("TMPDIR", Files.createDirectories(scratch.resolve("tmp")).toString());
        env.put("LANG", "C.UTF-8");
        assertThat(run(List.of("bash", "-c", "command -v mvn || echo none"), env, work).out().strip())
                .as("no Maven on the PATH the commands see").isEqualTo("none");

        // the first command trains the class data sharing archive, into the user's cache, not into the install
        Result first = run(List.of(bazaar.toString(), "--version"), env, work);
        assertThat(first.code()).as(first.toString()).isZero();
        assertThat(first.out().strip()).matches("bazaar " + java.util.regex.Pattern.quote(version)
                + " \\(commit ([0-9a-f]{7,}|unknown)(, built \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ)?\\)");
        assertThat(first.err()).contains("training a class data sharing archive");
        Path cache = home.resolve(".cache/bazaar").resolve(version);
        try (Stream<Path> files = Files.walk(cache)) {
            assertThat(files.map(Path::toString).filter(f -> f.endsWith(".jsa")).toList())
                    .as("the archive in " + cache + " (training failed? see its train*.log)").hasSize(1);
        }
        Result again = run(List.of(bazaar.toString(), "--version"), env, work);
        assertThat(again.out()).isEqualTo(first.out());
        assertThat(again.err()).as("trained once").isEmpty();
        // a cache that cannot be created (its parent is a file; root could write anywhere else): run without archive
        Map<String, String> noCache = new HashMap<>(env);
        noCache.put("XDG_CACHE_HOME", Files.writeString(scratch.resolve("a-file"), "").resolve("cache").toString());
        Result uncached = run(List.of(bazaar.toString(), "--version"), noCache, work);
        assertThat(uncached.code()).as(uncached.toString()).isZero();
        assertThat(uncached.out()).isEqualTo(first.out());
        assertThat(uncached.err()).isEmpty();

        try {
            Result init = run(List.of(bazaar.toString(), "init"), env, work);
            assertThat(init.code()).as(init.toString()).isZero();
            String token = init.out().strip().lines().reduce((a, b) -> b).orElseThrow();
            assertThat(token).startsWith("bzr_");
            env.put("BAZAAR_TOKEN", token);
            Result whoami = run(List.of(bazaar.toString(), "whoami"), env, work);
            assertThat(whoami.code()).as(whoami.toString()).isZero();
            assertThat(whoami.out()).contains("admin");
        } finally {
            run(List.of(bazaar.toString(), "db", "stop"), env, work);
        }
        Result demo = run(List.of(bazaar.toString(), "demo"), env, work);
        assertThat(demo.code()).as(demo.toString()).isZero();
        assertThat(demo.out()).contains("every step behaved as expected");

        assertThat(tree(install)).as("nothing is written into the install (it may be read-only)")
                .isEqualTo(installed);
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left.toList()).as("nor into the working directory").isEmpty();
        }

        // man pages: one per command, valid for groff (checked when groff is installed)
        Path man = install.resolve("man/man1");
        assertThat(man.resolve("bazaar.1")).content().contains(".TH \"BAZAAR\" \"1\"", "seller");
        assertThat(man.resolve("bazaar-seller-create.1")).content().contains("\\-\\-currency");
        if (onPath("groff")) {
            for (String page : List.of("bazaar.1", "bazaar-seller-create.1", "bazaar-job-run-catalog-import.1")) {
                Result groff = run(List.of("groff", "-man", "-Tutf8", "-z", "-ww", man.resolve(page).toString()),
                        env, work);
                assertThat(groff.code()).as(page + ": " + groff).isZero();
                assertThat(groff.err()).as(page + ": groff's warnings").isEmpty();
            }
        }

        // completion: the bash script loads and registers the command; zsh and fish are there
        Result bash = run(List.of("bash", "-c", "source \"$1\" && complete -p bazaar", "bash",
                install.resolve("completion/bazaar.bash").toString()), env, work);
        assertThat(bash.code()).as(bash.toString()).isZero();
        assertThat(bash.out()).contains("bazaar");
        assertThat(install.resolve("completion/bazaar.zsh")).isNotEmptyFile();
        assertThat(install.resolve("completion/bazaar.fish")).content().contains("complete -c bazaar");
    }

    /** Every file and directory under root, relative, sorted. */
    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    /** A PATH of one directory holding links to every program of this PATH except Maven's. */
    private static String pathWithoutMaven(Path tools) throws IOException {
        Files.createDirectories(tools);
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            Path d = Path.of(dir.isEmpty() ? "." : dir);
            if (!d.isAbsolute() || !Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> programs = Files.list(d)) {
                for (Path program : programs.toList()) {
                    String file = program.getFileName().toString();
                    if (!file.startsWith("mvn") && Files.isExecutable(program) && !Files.isDirectory(program)
                            && !Files.exists(tools.resolve(file))) {
                        Files.createSymbolicLink(tools.resolve(file), program);
                    }
                }
            }
        }
        return tools.toString();
    }

    private static void removeLinks(Path tools) throws IOException {
        if (Files.isDirectory(tools)) {
            try (Stream<Path> links = Files.list(tools)) {
                for (Path link : links.toList()) {
                    Files.delete(link);
                }
            }
        }
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    private record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private Result run(List<String> command, Map<String, String> env, Path dir) throws Exception {
        Path out = Files.createTempFile(scratch, "out", ".txt");
        Path err = Files.createTempFile(scratch, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("no answer within 300 s: " + command);
        }
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return result;
    }
}
