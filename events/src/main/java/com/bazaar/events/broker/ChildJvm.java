package com.bazaar.events.broker;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * How to run a main class of this program's own class path in another JVM: the same {@code java} and the same
 * classes. Run from the packaged {@code bazaar.jar} (a Spring Boot executable jar, whose libraries are nested jars
 * that a plain {@code -cp} cannot read), the class is launched through Boot's {@code PropertiesLauncher} with
 * {@code -Dloader.main}; run from a plain class path (tests, an IDE), with {@code -cp}.
 *
 * @param java      the {@code java} executable
 * @param classPath the class path ({@code java.class.path})
 * @param bootJar   whether the class path is one Spring Boot executable jar
 */
public record ChildJvm(Path java, String classPath, boolean bootJar) {

    static final String BOOT_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    /** The JVM running this code, as a template for the child. */
    public static ChildJvm current() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // absolute: the child runs in the broker's directory, where `java -jar cli/target/bazaar.jar` means nothing
        String classPath = absolute(System.getProperty("java.class.path"));
        return new ChildJvm(java, classPath, isBootJar(classPath));
    }

    /** The command line that runs {@code mainClass} with these JVM options and program arguments. */
    public List<String> command(String mainClass, List<String> jvmOptions, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        if (bootJar) {
            command.add("-Dloader.main=" + mainClass);
            command.add(BOOT_LAUNCHER);
        } else {
            command.add(mainClass);
        }
        command.addAll(arguments);
        return command;
    }

    static String absolute(String classPath) {
        if (classPath == null || classPath.isEmpty()) {
            return classPath;
        }
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            entries.add(entry.isEmpty() ? entry : Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    /** A class path of a single jar whose manifest names Boot's nested libraries ({@code Spring-Boot-Lib}). */
    static boolean isBootJar(String classPath) {
        if (classPath == null || classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            return false;
        }
        Path jar = Path.of(classPath);
        if (!Files.isRegularFile(jar)) {
            return false;
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            var manifest = file.getManifest();
            return manifest != null && manifest.getMainAttributes().getValue("Spring-Boot-Lib") != null;
        } catch (IOException e) {
            return false;
        }
    }
}
