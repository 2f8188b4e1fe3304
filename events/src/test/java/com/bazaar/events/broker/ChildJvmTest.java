package com.bazaar.events.broker;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The broker's JVM runs this program's classes: through Boot's launcher from bazaar.jar, with -cp otherwise. */
class ChildJvmTest {

    @Test
    void aBootJarRunsTheMainClassThroughPropertiesLauncher() {
        var jvm = new ChildJvm(Path.of("/jdk/bin/java"), "/opt/bazaar.jar", true);
        assertThat(jvm.command("kafka.Kafka", List.of("-Xmx512m"), List.of("/h/kafka/server.properties")))
                .containsExactly("/jdk/bin/java", "-Xmx512m", "-cp", "/opt/bazaar.jar", "-Dloader.main=kafka.Kafka",
                        "org.springframework.boot.loader.launch.PropertiesLauncher", "/h/kafka/server.properties");
    }

    @Test
    void aPlainClassPathRunsTheMainClassDirectly() {
        var jvm = new ChildJvm(Path.of("/jdk/bin/java"), "/a.jar:/b", false);
        assertThat(jvm.command("kafka.Kafka", List.of(), List.of("x"))).containsExactly("/jdk/bin/java", "-cp",
                "/a.jar:/b", "kafka.Kafka", "x");
    }

    @Test
    void onlyASingleJarNamingBootLibrariesIsABootJar() {
        assertThat(ChildJvm.isBootJar("/a.jar:/b.jar")).isFalse();
        assertThat(ChildJvm.isBootJar("/does/not/exist.jar")).isFalse();
        assertThat(ChildJvm.current().bootJar()).as("tests run from a plain class path").isFalse();
    }

    @Test
    void aRelativeClassPathIsMadeAbsoluteForAChildThatRunsElsewhere() {
        String cwd = java.nio.file.Path.of("").toAbsolutePath().toString();
        assertThat(ChildJvm.absolute("cli/target/bazaar.jar")).isEqualTo(cwd + "/cli/target/bazaar.jar");
        assertThat(ChildJvm.absolute("/a/b.jar" + java.io.File.pathSeparator + "c"))
                .isEqualTo("/a/b.jar" + java.io.File.pathSeparator + cwd + "/c");
    }
}
