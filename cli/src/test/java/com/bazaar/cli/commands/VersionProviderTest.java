package com.bazaar.cli.commands;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bazaar --version} names the version, the commit and the build time, and degrades to "commit unknown". */
class VersionProviderTest {

    @Test
    void theLineNamesVersionCommitAndBuildTime() {
        Properties build = new Properties();
        build.setProperty("git.commit.id.abbrev", "abc1234");
        build.setProperty("git.build.time", "2026-12-04T05:00:00Z");
        assertThat(VersionProvider.line("0.15.0", build))
                .isEqualTo("bazaar 0.15.0 (commit abc1234, built 2026-12-04T05:00:00Z)");
    }

    @Test
    void aBuildWithoutGitSaysCommitUnknown() {
        assertThat(VersionProvider.line("0.15.0", new Properties())).isEqualTo("bazaar 0.15.0 (commit unknown)");
        Properties unresolved = new Properties();
        unresolved.setProperty("git.commit.id.abbrev", "${git.commit.id.abbrev}");
        assertThat(VersionProvider.line(null, unresolved)).isEqualTo("bazaar development (commit unknown)");
    }

    @Test
    void theBuildWritesTheCommitAndTheTime() throws IOException {
        // target/classes holds what the build wrote (git-commit-id-maven-plugin); a build without git writes nothing
        try (InputStream in = VersionProvider.class.getResourceAsStream(VersionProvider.BUILD_INFO)) {
            Assumptions.assumeTrue(in != null, "built without a git repository");
        }
        assertThat(new VersionProvider().getVersion()[0])
                .matches("bazaar \\S+ \\(commit [0-9a-f]{7,}, built \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)");
    }
}
