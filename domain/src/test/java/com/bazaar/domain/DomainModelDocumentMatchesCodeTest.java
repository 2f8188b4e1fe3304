package com.bazaar.domain;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every use case class is listed in docs/domain_model.md under its own module, and every class listed there exists. */
class DomainModelDocumentMatchesCodeTest {

    private static final Path SOURCES = Path.of("src/main/java/com/bazaar/domain");
    private static final Path DOCUMENT = Path.of("../docs/domain_model.md");
    private static final Pattern PUBLIC_CLASS = Pattern.compile("^public (?:final )?class (\\w+)", Pattern.MULTILINE);

    @Test
    void everyUseCaseIsDocumentedInItsModule() throws IOException {
        assertThat(documented()).isEqualTo(inCode());
    }

    /** module -> its public classes in {@code <module>.application} (records are results, not use cases). */
    private static Map<String, Set<String>> inCode() throws IOException {
        Map<String, Set<String>> found = new TreeMap<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path module : files.filter(p -> Files.isDirectory(p.resolve("application"))).toList()) {
                try (Stream<Path> classes = Files.list(module.resolve("application"))) {
                    for (Path file : classes.toList()) {
                        Matcher m = PUBLIC_CLASS.matcher(Files.readString(file));
                        if (m.find()) {
                            found.computeIfAbsent(module.getFileName().toString(), k -> new TreeSet<>()).add(m.group(1));
                        }
                    }
                }
            }
        }
        return found;
    }

    /** module -> the classes in the first column of the tables under its {@code ### <module>} heading of "Verbs". */
    private static Map<String, Set<String>> documented() throws IOException {
        String text = Files.readString(DOCUMENT);
        int verbs = text.indexOf("## Verbs");
        String section = text.substring(verbs, text.indexOf("\n## ", verbs + 1));
        Map<String, Set<String>> found = new TreeMap<>();
        String module = null;
        Pattern row = Pattern.compile("^\\| `(\\w+)` \\|");
        for (String line : section.split("\n")) {
            if (line.startsWith("### ")) {
                module = line.substring(4).split(" ")[0];
                continue;
            }
            Matcher m = row.matcher(line);
            if (module != null && m.find()) {
                found.computeIfAbsent(module, k -> new TreeSet<>()).add(m.group(1));
            }
        }
        return found;
    }
}
