package com.bazaar.dist;

import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes, at package time, what the distribution derives from the command tree: one AsciiDoc man page per command
 * (picocli's {@link ManPageGenerator}; the asciidoctor plugin turns them into {@code man/man1/*.1}) and the bash, zsh
 * and fish completion scripts (what {@code bazaar completion SHELL} prints).
 * <p>
 * The tree is built exactly as the program builds it ({@code Bazaar.commandLine(CliContext)}: the commands are made by
 * its factory, their constructors take the invocation's context). The cli module's classes are reached by reflection
 * because that module's Maven artifact is the Spring Boot fat jar (its classes under BOOT-INF are no dependency); this
 * tool runs on the class path of the extracted distribution instead ({@code lib/bazaar.jar}).
 *
 * <pre>java -cp lib/bazaar.jar:dist-classes:picocli-codegen.jar com.bazaar.dist.GenerateDocs ADOC_DIR COMPLETION_DIR</pre>
 */
public final class GenerateDocs {

    private GenerateDocs() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: GenerateDocs ADOC_DIR COMPLETION_DIR");
        }
        Path adoc = Path.of(args[0]);
        Path completion = Path.of(args[1]);
        Files.createDirectories(adoc);
        Files.createDirectories(completion);

        // an empty environment: nothing of the build machine's BAZAAR_* settings may leak into the pages
        Map<String, String> env = Map.of();
        StringWriter discarded = new StringWriter();
        Class<?> contextType = Class.forName("com.bazaar.cli.CliContext");
        Object context = contextType.getConstructor(Map.class, PrintWriter.class, PrintWriter.class)
                .newInstance(env, new PrintWriter(discarded), new PrintWriter(discarded));
        Method commandLine = Class.forName("com.bazaar.cli.Bazaar").getMethod("commandLine", contextType);
        CommandLine tree = (CommandLine) commandLine.invoke(null, context);
        // one page per command that is not hidden, recursively (the version in each page's footer: `bazaar --version`)
        int status = ManPageGenerator.generateManPage(adoc.toFile(), null, new boolean[0], false, tree.getCommandSpec());
        if (status != 0) {
            throw new IllegalStateException("ManPageGenerator failed with status " + status);
        }

        writeCompletion(env, completion.resolve("bazaar.bash"), "bash");
        writeCompletion(env, completion.resolve("bazaar.zsh"), "zsh");
        writeCompletion(env, completion.resolve("bazaar.fish"), "fish");
        ((AutoCloseable) context).close();
    }

    /** Runs {@code bazaar completion SHELL} in this process, exactly as the command line does, into a file. */
    private static void writeCompletion(Map<String, String> env, Path file, String shell) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Object bazaar = Class.forName("com.bazaar.cli.Bazaar")
                .getConstructor(Map.class, PrintWriter.class, PrintWriter.class)
                .newInstance(env, new PrintWriter(out), new PrintWriter(err));
        int code = (int) bazaar.getClass().getMethod("run", String[].class)
                .invoke(bazaar, (Object) new String[]{"completion", shell});
        if (code != 0 || out.toString().isBlank()) {
            throw new IOException("bazaar completion " + shell + " failed (exit " + code + "): " + err);
        }
        Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
    }
}
