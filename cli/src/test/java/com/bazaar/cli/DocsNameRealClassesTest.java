package com.bazaar.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A class the docs name in code font ({@code `CancelOrder`}, {@code `Stock.onHand`}) exists in the tree, so a rename or
 * a split cannot leave a reader looking for code that is gone. Names of libraries and of alerts are listed below.
 * ADRs are left out: they record a decision as it was taken, with the names of that day.
 */
class DocsNameRealClassesTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern NAMED = Pattern.compile("`([A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*)(?:[.#][A-Za-z]\\w*)?");
    /** JDK, Spring, Spring Batch, Kafka, PostgreSQL, logstash and Micrometer classes the docs explain Bazaar against. */
    private static final Set<String> LIBRARIES = Set.of("BigInteger", "CommandSpec", "CopyManager",
            "Lz4BlockOutputStream", "PostgreSQLSelectForUpdateBasedProxyManager",
            "DataSourceTransactionManager", "DataSourceUtils", "EmbeddedPostgres", "ExecNestLoop",
            "IllegalArgumentException", "IllegalStateException", "JdbcClient", "JobExecutionAlreadyRunningException",
            "JobInstanceAlreadyCompleteException", "JobOperator", "KafkaProducer", "KafkaConsumer", "AdminClient",
            "AuthenticationException", "AuthorizationException",
            "DefaultErrorHandler", "DeadLetterPublishingRecoverer", "ExponentialBackOffWithMaxRetries",
            "PropertiesLauncher", "MaskingJsonGeneratorDecorator", "MeterFilter",
            "NoClassDefFoundError", "OutOfMemoryError", "ResourcelessTransactionManager", "SecureRandom",
            "SingleConnectionDataSource", "SpringApplication", "SpringShellAutoConfiguration", "TransactionTemplate");

    @Test
    void everyClassTheDocsNameExists() throws IOException {
        Set<String> classes;
        try (Stream<Path> files = Files.walk(ROOT)) {
            classes = files.filter(p -> p.toString().endsWith(".java") && !p.toString().contains("/target/"))
                    .map(p -> p.getFileName().toString().replace(".java", "")).collect(Collectors.toSet());
        }
        Set<String> missing = new TreeSet<>();
        for (Path doc : documents()) {
            Matcher m = NAMED.matcher(Files.readString(doc));
            while (m.find()) {
                String name = m.group(1);
                if (!classes.contains(name) && !LIBRARIES.contains(name) && !isAlertOrEvent(name)
                        && !nestedIn(name, classes)) {
                    missing.add(ROOT.relativize(doc) + ": " + name);
                }
            }
        }
        assertThat(missing).as("classes named in the docs that do not exist").isEmpty();
    }

    private static boolean isAlertOrEvent(String name) throws IOException {
        return name.startsWith("Bazaar") && Files.readString(ROOT.resolve("runbooks/alerts.yml")).contains(name)
                || Files.readString(ROOT.resolve("docs/events.md")).contains("| " + name + " |");
    }

    /** A nested type ({@code Outcome} of {@code CatalogImports}) is named by its simple name in the docs. */
    private static boolean nestedIn(String name, Set<String> classes) throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".java") && !p.toString().contains("/target/"))
                    .anyMatch(p -> {
                        try {
                            return Pattern.compile("(record|class|interface|enum) " + name + "\\b")
                                    .matcher(Files.readString(p)).find();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    });
        }
    }

    private static Set<Path> documents() throws IOException {
        Set<Path> docs = new TreeSet<>();
        for (String dir : new String[] {"docs", "runbooks"}) {
            try (Stream<Path> files = Files.list(ROOT.resolve(dir))) {
                files.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
            }
        }
        docs.add(ROOT.resolve("README.md"));
        return docs;
    }
}
