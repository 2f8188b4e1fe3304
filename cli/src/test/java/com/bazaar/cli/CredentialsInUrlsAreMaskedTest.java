package com.bazaar.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, item 3: a password inside {@code db.url} (a {@code password=} or {@code sslpassword=} parameter, or
 * {@code user:password@}) or in {@code BAZAAR_DB_PASSWORD} is never printed: not by {@code config show} in any
 * output, not in connection errors (with or without {@code --debug}), not by {@code db status} or {@code health}.
 */
class CredentialsInUrlsAreMaskedTest {

    static final String SECRET = "s3cret-Pa55";

    @TempDir
    Path home;
    private TestBazaar bazaar;

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
    }

    private Map<String, String> env(String url) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("BAZAAR_HOME", home.resolve("bazaar-home").toString());
        env.put("BAZAAR_DB_URL", url);
        env.put("BAZAAR_TOKEN", bazaar.adminToken());
        return env;
    }

    /** The test database's URL with the password inside it (the server takes it, or ignores it under trust). */
    private String urlWithPassword() {
        String password = bazaar.db.password() != null ? bazaar.db.password() : SECRET;
        String url = bazaar.db.jdbcUrl();
        url += (url.contains("?") ? "&" : "?") + (url.contains("user=") ? "" : "user=" + bazaar.db.user() + "&")
                + "password=" + password;
        return url;
    }

    private String secret() {
        return bazaar.db.password() != null ? bazaar.db.password() : SECRET;
    }

    private static void assertMasked(TestBazaar.Run run, String secret) {
        assertThat(run.out()).as(run.toString()).doesNotContain(secret);
        assertThat(run.err()).as(run.toString()).doesNotContain(secret);
    }

    @Test
    void configShowMasksUrlPasswordsAndThePasswordSettingInEveryOutput() {
        Map<String, String> env = env("jdbc:postgresql://db.example:5432/bazaar?user=u&password=" + SECRET
                + "&sslpassword=" + SECRET + "-key");
        env.put("BAZAAR_DB_PASSWORD", SECRET + "-env");
        for (String format : List.of("table", "json", "csv")) {
            var run = TestBazaar.run(env, "config", "show", "--output", format);
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertMasked(run, SECRET);
            assertThat(run.out()).contains("jdbc:postgresql://db.example:5432/bazaar?user=u&password=****&sslpassword=****")
                    .containsPattern("db\\.password\\W+(value\\W+)?\\*\\*\\*\\*");
        }
        var flag = TestBazaar.run(env(""), "config", "show", "--db-url", "jdbc:postgresql://bazaar:" + SECRET
                + "@db.example/bazaar");
        assertMasked(flag, SECRET);
        assertThat(flag.out()).contains("jdbc:postgresql://bazaar:****@db.example/bazaar");
    }

    @Test
    void dbStatusAndHealthNameTheDatabaseWithoutItsPassword() {
        Map<String, String> env = env(urlWithPassword());
        for (String format : List.of("table", "json")) {
            var status = TestBazaar.run(env, "db", "status", "--output", format);
            assertThat(status.exitCode()).as(status.toString()).isZero();
            assertMasked(status, secret());
            assertThat(status.out()).contains("password=****");
            var health = TestBazaar.run(env, "health", "--output", format);
            assertThat(health.exitCode()).as(health.toString()).isZero();
            assertMasked(health, secret());
            assertThat(health.out()).contains("password=****");
        }
    }

    @Test
    void connectionErrorsNeverQuoteThePassword() {
        for (String url : List.of("jdbc:postgresql://127.0.0.1:1/bazaar?connectTimeout=2&password=" + SECRET,
                "jdbc:postgresql://127.0.0.1:notaport/bazaar?password=" + SECRET,
                "jdbc:postgresql://u:" + SECRET + "@127.0.0.1:1/bazaar?connectTimeout=2",
                "mysql://u:" + SECRET + "@db/bazaar?password=" + SECRET)) {
            for (boolean debug : List.of(false, true)) {
                var run = debug ? TestBazaar.run(env(url), "--debug", "seller", "list")
                        : TestBazaar.run(env(url), "seller", "list");
                assertThat(run.exitCode()).as(run.toString()).isIn(ExitCode.FAILURE, ExitCode.USAGE);
                assertMasked(run, SECRET);
                assertThat(run.err()).contains("****");
            }
        }
    }
}
