package com.bazaar.cli.commands;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * {@code bazaar --version}: {@code bazaar 0.1.0 (commit abc1234, built 2026-12-04T05:00:00Z)}. The version comes from
 * the jar manifest ("development" when run from classes), the commit and build time from
 * {@code com/bazaar/cli/build.properties}, written by the build (git-commit-id-maven-plugin); a build without a git
 * repository says "commit unknown".
 */
final class VersionProvider implements CommandLine.IVersionProvider {

    static final String BUILD_INFO = "/com/bazaar/cli/build.properties";

    @Override
    public String[] getVersion() {
        String version = RootCommand.class.getPackage().getImplementationVersion();
        return new String[]{line(version, buildInfo())};
    }

    static String line(String version, Properties build) {
        String commit = build.getProperty("git.commit.id.abbrev", "");
        String built = build.getProperty("git.build.time", "");
        StringBuilder line = new StringBuilder("bazaar ").append(version == null ? "development" : version)
                .append(" (commit ").append(commit.matches("[0-9a-f]{4,40}") ? commit : "unknown");
        if (!built.isBlank()) {
            line.append(", built ").append(built);
        }
        return line.append(')').toString();
    }

    private static Properties buildInfo() {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(BUILD_INFO)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException | IllegalArgumentException e) {
            // an unreadable file means the same as none: commit unknown
        }
        return properties;
    }
}
