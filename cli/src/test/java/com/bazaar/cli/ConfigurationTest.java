package com.bazaar.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Defaults need nothing; bazaar.yml overrides them, the environment overrides the file, flags override all. */
class ConfigurationTest {

    @TempDir
    Path home;

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("BAZAAR_HOME", home.resolve("bz").toString());
        return env;
    }

    @Test
    void defaultsNeedNothing() {
        var run = TestBazaar.run(env(), "config", "show", "--output", "json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("\"key\" : \"output\"", "\"value\" : \"table\"", "\"source\" : \"default\"");
    }

    @Test
    void fileThenEnvironmentThenFlagAndSecretsMasked() throws Exception {
        Files.createDirectories(home.resolve("bz"));
        Files.writeString(home.resolve("bz/bazaar.yml"), """
                db:
                  url: jdbc:postgresql://db.example:5432/bazaar
                  user: from-file
                  password: s3cret-from-file
                  owner-user: migrator
                output: json
                """);
        Map<String, String> env = env();
        env.put("BAZAAR_DB_USER", "from-env");
        env.put("BAZAAR_DB_OWNER_PASSWORD", "0wner-s3cret");
        var run = TestBazaar.run(env, "config", "show", "--db-url", "jdbc:postgresql://flag:5432/x", "--output", "table");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("db.url\\s+jdbc:postgresql://flag:5432/x\\s+flag")
                .containsPattern("db.user\\s+from-env\\s+environment")
                .containsPattern("db.password\\s+\\*\\*\\*\\*\\s+file")
                .containsPattern("db.owner-user\\s+migrator\\s+file")
                .containsPattern("db.owner-password\\s+\\*\\*\\*\\*\\s+environment")
                .containsPattern("output\\s+json\\s+file")
                .doesNotContain("s3cret-from-file").doesNotContain("0wner-s3cret");
    }

    @Test
    void anUnknownSettingIsAnError() throws Exception {
        Files.createDirectories(home.resolve("bz"));
        Files.writeString(home.resolve("bz/bazaar.yml"), "db:\n  ulr: jdbc:postgresql://x/y\n");
        var run = TestBazaar.run(env(), "config", "show");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("unknown setting db.ulr").contains("known: db.url");
    }

    @Test
    void aBadOutputSettingIsAnError() {
        Map<String, String> env = env();
        env.put("BAZAAR_OUTPUT", "xml");
        var run = TestBazaar.run(env, "config", "show");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("output must be 'table', 'json', 'yaml' or 'csv'");
    }

    @Test
    void theLimitsStoreIsShownAndRedisNeedsTheCachesUrl() {
        assertThat(TestBazaar.run(env(), "config", "show").out()).containsPattern("limits.store\\s+postgres\\s+default");
        Map<String, String> redis = env();
        redis.put("BAZAAR_LIMITS_STORE", "redis");
        redis.put("BAZAAR_CACHE", "redis://127.0.0.1:6379");
        var shown = TestBazaar.run(redis, "config", "show");
        assertThat(shown.exitCode()).as(shown.toString()).isZero();
        assertThat(shown.out()).containsPattern("limits.store\\s+redis\\s+environment");

        redis.remove("BAZAAR_CACHE");
        var refused = TestBazaar.run(redis, "config", "show");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.err()).contains("limits.store is 'redis' (from environment) but no Redis is configured");
        redis.put("BAZAAR_LIMITS_STORE", "memcached");
        var unknown = TestBazaar.run(redis, "config", "show");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unknown.err()).contains("limits.store must be 'postgres' or 'redis' (got 'memcached' from"
                + " environment)");
    }

    @Test
    void theStripeReferenceHasTheParsersDefaultAndAnUnusableValueIsAConfigurationError() throws Exception {
        assertThat(TestBazaar.run(env(), "config", "show").out())
                .containsPattern("recon.stripe.reference\\s+metadata:bazaar_payment,description\\s+default");
        Files.createDirectories(home.resolve("bz"));
        Files.writeString(home.resolve("bz/bazaar.yml"),
                "recon:\n  stripe:\n    reference: \"description:Order #(\\\\d+)\"\n");
        var fromFile = TestBazaar.run(env(), "config", "show");
        assertThat(fromFile.exitCode()).as(fromFile.toString()).isZero();
        assertThat(fromFile.out())
                .containsPattern("recon.stripe.reference\\s+description:Order #\\(\\\\d\\+\\)\\s+file");
        Map<String, String> env = env();
        env.put("BAZAAR_RECON_STRIPE_REFERENCE", "metadata:order_id");
        assertThat(TestBazaar.run(env, "config", "show").out())
                .containsPattern("recon.stripe.reference\\s+metadata:order_id\\s+environment");
        env.put("BAZAAR_RECON_STRIPE_REFERENCE", "description:no group");
        var refused = TestBazaar.run(env, "config", "show");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.err()).contains("recon.stripe.reference: the description pattern has no group")
                .contains("(got 'description:no group' from environment)");
    }

    @Test
    void connectionTimeoutsHaveDefaultsAndRefuseNonsense() {
        var shown = TestBazaar.run(env(), "config", "show");
        assertThat(shown.out()).containsPattern("db.connect-timeout\\s+5s\\s+default")
                .containsPattern("db.keepalive\\s+30s\\s+default");
        for (String[] bad : new String[][]{{"BAZAAR_DB_CONNECT_TIMEOUT", "0"}, {"BAZAAR_DB_CONNECT_TIMEOUT", "2h"},
                {"BAZAAR_DB_CONNECT_TIMEOUT", "fast"}, {"BAZAAR_DB_KEEPALIVE", "1s"}, {"BAZAAR_DB_KEEPALIVE", "-5s"}}) {
            Map<String, String> env = env();
            env.put(bad[0], bad[1]);
            var run = TestBazaar.run(env, "config", "show");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE);
            String key = bad[0].equals("BAZAAR_DB_KEEPALIVE") ? "db.keepalive" : "db.connect-timeout";
            assertThat(run.err()).contains(key + " must be a duration from", "(got '" + bad[1] + "' from environment)");
        }
        Map<String, String> off = env();
        off.put("BAZAAR_DB_KEEPALIVE", "0");
        assertThat(TestBazaar.run(off, "config", "show").exitCode()).isZero();
    }
}
