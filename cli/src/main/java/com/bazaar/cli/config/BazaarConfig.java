package com.bazaar.cli.config;

import com.bazaar.cli.CommandFailure;
import com.bazaar.cli.ExitCode;
import com.bazaar.domain.shared.UrlCredentials;
import com.bazaar.postgres.connection.ConnectionSettings;
import com.bazaar.postgres.files.PrivateFileRefused;
import com.bazaar.postgres.files.PrivateFiles;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bazaar's effective configuration. Each setting has a default that needs nothing; the file
 * {@code $BAZAAR_HOME/bazaar.yml} overrides defaults, environment variables override the file, and command-line
 * flags override everything. Unknown keys in the file are an error (a typo must not be ignored silently).
 */
public final class BazaarConfig {

    /** Where a value came from, shown by {@code bazaar config show}. */
    public enum Source { DEFAULT, FILE, ENVIRONMENT, FLAG }

    /** One setting: its key, value, origin, and whether it is a secret to mask. */
    public record Setting(String key, String value, Source source, boolean secret) {
        /** The value as printed: a secret as ****, any other with the credentials of URLs in it masked. */
        public String shown() {
            if (value == null) {
                return "";
            }
            return secret ? UrlCredentials.MASK : UrlCredentials.redact(value);
        }
    }

    /** The settings Bazaar knows: key, environment variable, secret flag, default, and what it is for. */
    public enum Key {
        DB_URL("db.url", "BAZAAR_DB_URL", false, "JDBC URL of an external PostgreSQL; empty: the embedded server"),
        DB_USER("db.user", "BAZAAR_DB_USER", false, "user for db.url: the application's login (not a superuser)"),
        DB_PASSWORD("db.password", "BAZAAR_DB_PASSWORD", true, "password for db.url"),
        DB_OWNER_USER("db.owner-user", "BAZAAR_DB_OWNER_USER", false,
                "login that runs migrations (init, db migrate, db status) on db.url; empty: db.user"),
        DB_OWNER_PASSWORD("db.owner-password", "BAZAAR_DB_OWNER_PASSWORD", true, "password of db.owner-user"),
        DB_CONNECT_TIMEOUT("db.connect-timeout", "BAZAAR_DB_CONNECT_TIMEOUT", false,
                "opening a database connection (connect and login) gives up after this long, e.g. 5s"),
        DB_KEEPALIVE("db.keepalive", "BAZAAR_DB_KEEPALIVE", false,
                "an open connection to a database host that stopped answering is closed after about this long"
                        + " (TCP keepalive), e.g. 30s; 0: the operating system's default (hours)"),
        DB_READ_URL("db.read-url", "BAZAAR_READ_DB_URL", false,
                "JDBC URL of a streaming replica of the database (same logins): lists and reports read there while"
                        + " it answers and keeps up; empty: the local replica of the embedded server while it runs"
                        + " ('bazaar db replica start'), else none"),
        DB_READ_MAX_LAG("db.read-max-lag", "BAZAAR_READ_MAX_LAG", false,
                "a replica further behind the primary than this is not read from, e.g. 10s"),
        EMBEDDED_BINARIES("embedded.binaries", "BAZAAR_PG_BINARIES", false,
                "where the embedded PostgreSQL binaries are unpacked"),
        OUTPUT("output", "BAZAAR_OUTPUT", false, "default output format: table, json, yaml or csv"),
        RESERVATION_TTL("reservation.ttl", "BAZAAR_RESERVATION_TTL", false,
                "how long an unpaid order holds its stock, e.g. 15m, 2h, PT30M"),
        COMMISSION_BP("payment.commission-bp", "BAZAAR_COMMISSION_BP", false,
                "platform commission on captured payments, in basis points (500 = 5%)"),
        SIMULATOR("payment.simulator", "BAZAAR_PAYMENT_SIMULATOR", false,
                "simulated provider: amount cents that decline, lose the answer, or stay pending"),
        WRITE_OFF_APPROVAL("recon.write-off-approval-minor", "BAZAAR_WRITE_OFF_APPROVAL_MINOR", false,
                "write-offs larger than this many minor units need a second finance user's approval"),
        GRACE_DAYS("recon.grace-days", "BAZAAR_RECON_GRACE_DAYS", false,
                "days a captured payment may wait for its settlement before it is MISSING_IN_SETTLEMENT"),
        RECON_STRIPE_REFERENCE("recon.stripe.reference", "BAZAAR_RECON_STRIPE_REFERENCE", false,
                "where a Stripe settlement line's Bazaar payment reference is read, sources tried in order:"
                        + " metadata:KEY (column payment_metadata[KEY]), description (exactly bazaar:ID),"
                        + " description:REGEX (its first group; last), charge_id; docs/formats/settlement.md"),
        AUDIT_KEY_FILE("audit.key-file", "BAZAAR_AUDIT_KEY_FILE", false,
                "the audit key (0600, outside the database; the same file on every host of the installation)"),
        AUDIT_ANCHORS_FILE("audit.anchors-file", "BAZAAR_AUDIT_ANCHORS_FILE", false,
                "the append-only file of signed audit chain heads ('bazaar audit anchor', 'bazaar serve')"),
        KAFKA("kafka.bootstrap-servers", "BAZAAR_KAFKA", false,
                "bootstrap servers (host:port,...) of an external Kafka cluster; empty: the local broker of the home"
                        + " ('bazaar kafka start')"),
        KAFKA_HEAP("kafka.heap", "BAZAAR_KAFKA_HEAP", false,
                "maximum heap of the local broker's JVM, 256m to 64g (default 512m); taken at its next start"),
        LIMIT_ORDER_PER_BUYER("limits.order.per-buyer", "BAZAAR_LIMITS_ORDER_PER_BUYER", false,
                "orders one buyer may place, e.g. 10/min (N/s, N/min, N/h, N/day; counted across every process);"
                        + " empty: no limit"),
        LIMIT_ORDER_PER_SELLER("limits.order.per-seller", "BAZAAR_LIMITS_ORDER_PER_SELLER", false,
                "orders one seller may take, e.g. 600/min; empty: no limit"),
        LIMIT_COMMAND_PER_USER("limits.command.per-user", "BAZAAR_LIMITS_COMMAND_PER_USER", false,
                "commands that change something one user may run, e.g. 60/min (a job run is one command; reads are"
                        + " not counted); empty: no limit"),
        LIMITS_STORE("limits.store", "BAZAAR_LIMITS_STORE", false,
                "where the rate-limit buckets are held for every process: postgres, or redis (the Redis of cache.url;"
                        + " while it does not answer, PostgreSQL's buckets count)"),
        KAFKA_CLIENT_PROPERTIES("kafka.client-properties", "BAZAAR_KAFKA_CLIENT_PROPERTIES", false,
                "a Java properties file (0600) with the security settings of the external Kafka cluster:"
                        + " security.protocol, sasl.*, ssl.*; empty: plaintext without authentication"),
        CACHE("cache.url", "BAZAAR_CACHE", false,
                "Redis that caches products and discount rules for product show and price quote:"
                        + " redis://[:PASSWORD@]host:port[/db]; empty: no cache (docs/failure_scenarios.md)"),
        CACHE_TTL("cache.ttl", "BAZAAR_CACHE_TTL", false,
                "how long the cache keeps an entry at most, 1s to 1d (the bound on staleness if an invalidation is"
                        + " lost), e.g. 5m");

        private final String key;
        private final String env;
        private final boolean secret;
        private final String description;

        Key(String key, String env, boolean secret, String description) {
            this.key = key;
            this.env = env;
            this.secret = secret;
            this.description = description;
        }

        public String key() {
            return key;
        }

        public String env() {
            return env;
        }

        public String description() {
            return description;
        }
    }

    /** The environment variable that lets bazaar use a home that is not safe (with a warning instead of a refusal). */
    public static final String ALLOW_UNSAFE_HOME = "BAZAAR_ALLOW_UNSAFE_HOME";

    private final Path home;
    private final Source homeSource;
    private final Map<Key, Setting> settings;
    private final List<String> warnings;
    private final Optional<KafkaClientProperties> kafkaClientProperties;

    private BazaarConfig(Path home, Source homeSource, Map<Key, Setting> settings, List<String> warnings,
                         Optional<KafkaClientProperties> kafkaClientProperties) {
        this.home = home;
        this.homeSource = homeSource;
        this.settings = settings;
        this.warnings = List.copyOf(warnings);
        this.kafkaClientProperties = kafkaClientProperties;
    }

    /**
     * Before anything is read from or written into the home: refused (exit 3) when another user owns it, group or
     * others may write it, or it is a symbolic link another user made - anyone who can change the home can plant
     * files that bazaar then trusts (a bazaar.yml pointing at their database, links where password files go). A
     * missing home is fine: it is created 0700 when first written. With {@code BAZAAR_ALLOW_UNSAFE_HOME=1} the
     * refusal becomes a warning on stderr. Only the home itself is checked, not its parents.
     */
    private static Optional<String> checkHome(Path home, Map<String, String> env) {
        try {
            PrivateFiles.checkDirectory(home, "Bazaar home");
            return Optional.empty();
        } catch (PrivateFileRefused unsafe) {
            if ("1".equals(env.get(ALLOW_UNSAFE_HOME))) {
                return Optional.of(unsafe.getMessage() + "; used anyway because " + ALLOW_UNSAFE_HOME + "=1");
            }
            throw new CommandFailure(ExitCode.DENIED, unsafe.getMessage() + " (or set " + ALLOW_UNSAFE_HOME
                    + "=1 to use it anyway)");
        }
    }

    /** What the operator should know about this configuration (an unsafe home used because they said so). */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * @param env       the process environment
     * @param flags     values given on the command line (only keys that were given)
     * @param flagFiles secret values given on the command line as files ({@code --db-password-file}): each read as a
     *                  private file ({@link PrivateFiles}), after the home is checked
     */
    public static BazaarConfig load(Map<String, String> env, Map<Key, String> flags, Map<Key, Path> flagFiles) {
        String userHome = env.getOrDefault("HOME", System.getProperty("user.home"));
        String homeEnv = env.get("BAZAAR_HOME");
        Path home = homeEnv != null && !homeEnv.isBlank() ? Path.of(homeEnv) : Path.of(userHome, ".bazaar");
        Source homeSource = homeEnv != null && !homeEnv.isBlank() ? Source.ENVIRONMENT : Source.DEFAULT;
        List<String> warnings = new ArrayList<>();
        checkHome(home, env).ifPresent(warnings::add);
        if (!flagFiles.isEmpty()) {
            flags = new LinkedHashMap<>(flags);
            for (Map.Entry<Key, Path> file : flagFiles.entrySet()) {
                flags.put(file.getKey(), PrivateFiles.readSecret(file.getValue(), file.getKey() == Key.DB_OWNER_PASSWORD
                        ? "database owner password file" : "database password file").strip());
            }
        }

        Map<Key, Setting> settings = new LinkedHashMap<>();
        Map<Key, String> defaults = Map.ofEntries(
                Map.entry(Key.DB_CONNECT_TIMEOUT, ConnectionSettings.DEFAULT.connectTimeout().toSeconds() + "s"),
                Map.entry(Key.DB_KEEPALIVE, ConnectionSettings.DEFAULT.keepalive().toSeconds() + "s"),
                Map.entry(Key.DB_READ_MAX_LAG, "10s"),
                Map.entry(Key.EMBEDDED_BINARIES, Path.of(userHome, ".cache", "bazaar").toString()),
                Map.entry(Key.OUTPUT, "table"),
                Map.entry(Key.RESERVATION_TTL, "15m"),
                Map.entry(Key.CACHE_TTL, "5m"),
                Map.entry(Key.LIMITS_STORE, "postgres"),
                Map.entry(Key.COMMISSION_BP, "500"),
                Map.entry(Key.SIMULATOR, "decline=51,unknown=52,pending=53"),
                Map.entry(Key.WRITE_OFF_APPROVAL, "10000"),
                Map.entry(Key.GRACE_DAYS, "2"),
                Map.entry(Key.RECON_STRIPE_REFERENCE, com.bazaar.reconciliation.settlement.StripeReference.DEFAULT),
                Map.entry(Key.AUDIT_KEY_FILE, home.resolve("audit.key").toString()),
                Map.entry(Key.AUDIT_ANCHORS_FILE, home.resolve("audit.anchors").toString()));
        Map<String, String> file = readFile(home.resolve("bazaar.yml"));
        for (Key key : Key.values()) {
            Setting s = new Setting(key.key, defaults.get(key), Source.DEFAULT, key.secret);
            if (file.containsKey(key.key)) {
                s = new Setting(key.key, file.get(key.key), Source.FILE, key.secret);
            }
            String fromEnv = env.get(key.env);
            if (fromEnv != null && !fromEnv.isBlank()) {
                s = new Setting(key.key, fromEnv, Source.ENVIRONMENT, key.secret);
            }
            if (flags.containsKey(key)) {
                s = new Setting(key.key, flags.get(key), Source.FLAG, key.secret);
            }
            settings.put(key, s);
        }
        String output = settings.get(Key.OUTPUT).value();
        if (!com.bazaar.cli.output.Output.FORMATS.contains(output)) {
            throw new CommandFailure(ExitCode.USAGE, "output must be 'table', 'json', 'yaml' or 'csv' (got '" + output + "' from "
                    + settings.get(Key.OUTPUT).source().name().toLowerCase() + ")");
        }
        BazaarConfig config = new BazaarConfig(home, homeSource, settings, warnings, Optional.empty());
        config.reservationTtl();
        config.commissionBasisPoints();
        config.writeOffApprovalMinor();
        config.graceDays();
        config.stripeReference();
        config.connectionSettings();
        config.readMaxLag();
        config.get(Key.DB_READ_URL).filter(url -> !url.startsWith("jdbc:postgresql:")).ifPresent(url -> {
            throw new CommandFailure(ExitCode.USAGE, "db.read-url must be a PostgreSQL JDBC URL such as"
                    + " jdbc:postgresql://replica:5432/bazaar (got '" + UrlCredentials.redact(url) + "')");
        });
        config.get(Key.KAFKA).ifPresent(servers -> KafkaSettings.validate(servers, config.source(Key.KAFKA)));
        config.kafkaHeap();
        config.cache();
        config.rateLimits();
        config.limitsInRedis();
        Optional<KafkaClientProperties> clientProperties = KafkaSettings.clientProperties(config);
        return clientProperties.isEmpty() ? config
                : new BazaarConfig(home, homeSource, settings, warnings, clientProperties);
    }

    /**
     * {@code cache.url} with {@code cache.ttl}: the cache to use, if any; refused (exit 2) unless a redis:// URL with
     * a host and a port, and a TTL from 1s to 1d. A refusal never shows the URL's password.
     */
    public Optional<com.bazaar.cache.CacheSettings> cache() {
        Optional<String> url = get(Key.CACHE);
        String ttlText = get(Key.CACHE_TTL).orElse("5m").strip();
        java.time.Duration ttl;
        try {
            ttl = duration(ttlText);
        } catch (java.time.format.DateTimeParseException e) {
            ttl = java.time.Duration.ZERO;
        }
        if (ttl.compareTo(java.time.Duration.ofSeconds(1)) < 0
                || ttl.compareTo(com.bazaar.cache.CacheSettings.MAX_TTL) > 0) {
            throw new CommandFailure(ExitCode.USAGE, "cache.ttl must be a duration from 1s to 1d, such as 5m (got '"
                    + ttlText + "' from " + source(Key.CACHE_TTL).name().toLowerCase() + ")");
        }
        if (url.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(com.bazaar.cache.CacheSettings.of(url.get(), ttl));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCode.USAGE, "cache.url: " + e.getMessage() + " (from "
                    + source(Key.CACHE).name().toLowerCase() + ")");
        }
    }

    /** The {@code limits.*} settings (docs/rate_limits.md); a malformed one is refused (exit 2). */
    public com.bazaar.domain.limits.RateLimits rateLimits() {
        Map<com.bazaar.domain.limits.LimitScope, com.bazaar.domain.limits.Rate> rates =
                new java.util.EnumMap<>(com.bazaar.domain.limits.LimitScope.class);
        for (var scope : Map.of(Key.LIMIT_ORDER_PER_BUYER, com.bazaar.domain.limits.LimitScope.ORDER_PER_BUYER,
                Key.LIMIT_ORDER_PER_SELLER, com.bazaar.domain.limits.LimitScope.ORDER_PER_SELLER,
                Key.LIMIT_COMMAND_PER_USER, com.bazaar.domain.limits.LimitScope.COMMAND_PER_USER).entrySet()) {
            Optional<String> text = get(scope.getKey()).map(String::strip).filter(v -> !v.isEmpty());
            if (text.isPresent()) {
                try {
                    rates.put(scope.getValue(), com.bazaar.domain.limits.Rate.parse(text.get()));
                } catch (com.bazaar.domain.shared.ValidationException e) {
                    throw new CommandFailure(ExitCode.USAGE, scope.getKey().key() + ": " + e.getMessage() + " (got '"
                            + text.get() + "' from " + source(scope.getKey()).name().toLowerCase() + ")");
                }
            }
        }
        return new com.bazaar.domain.limits.RateLimits(rates);
    }

    /**
     * {@code limits.store}: true for {@code redis} (the buckets in the Redis of {@code cache.url}), false for
     * {@code postgres}; anything else, or {@code redis} without a cache URL, is refused (exit 2).
     */
    public boolean limitsInRedis() {
        String store = get(Key.LIMITS_STORE).map(String::strip).orElse("postgres");
        if (!store.equals("postgres") && !store.equals("redis")) {
            throw new CommandFailure(ExitCode.USAGE, "limits.store must be 'postgres' or 'redis' (got '" + store
                    + "' from " + source(Key.LIMITS_STORE).name().toLowerCase() + ")");
        }
        if (store.equals("redis") && get(Key.CACHE).isEmpty()) {
            throw new CommandFailure(ExitCode.USAGE, "limits.store is 'redis' (from "
                    + source(Key.LIMITS_STORE).name().toLowerCase() + ") but no Redis is configured: set cache.url"
                    + " (--cache, BAZAAR_CACHE) to the Redis that holds the buckets, or limits.store to 'postgres'");
        }
        return store.equals("redis");
    }

    /** {@code kafka.heap}: the local broker's maximum heap, refused (exit 2) unless 256m to 64g. */
    public String kafkaHeap() {
        String heap = get(Key.KAFKA_HEAP).orElse(com.bazaar.events.broker.LocalKafkaBroker.DEFAULT_HEAP);
        try {
            return com.bazaar.events.broker.LocalKafkaBroker.validHeap(heap);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCode.USAGE, "kafka.heap: " + e.getMessage() + " (got '" + heap + "' from "
                    + source(Key.KAFKA_HEAP).name().toLowerCase() + ")");
        }
    }

    /**
     * {@code db.connect-timeout} (1s to 1h) and {@code db.keepalive} (0, or 3s to 1h): how every database connection
     * notices a server that is gone ({@link ConnectionSettings}).
     */
    public ConnectionSettings connectionSettings() {
        java.time.Duration connect = connectionDuration(Key.DB_CONNECT_TIMEOUT, false);
        java.time.Duration keepalive = connectionDuration(Key.DB_KEEPALIVE, true);
        return new ConnectionSettings(connect, keepalive);
    }

    /** {@code db.read-max-lag} (1s to 1h): a replica further behind than this is not read from. */
    public java.time.Duration readMaxLag() {
        return connectionDuration(Key.DB_READ_MAX_LAG, false);
    }

    private java.time.Duration connectionDuration(Key key, boolean zeroAllowed) {
        Setting s = settings.get(key);
        String v = s.value() == null ? "" : s.value().strip();
        java.time.Duration min = java.time.Duration.ofSeconds(zeroAllowed ? 3 : 1);
        try {
            java.time.Duration d = v.equals("0") && zeroAllowed ? java.time.Duration.ZERO : duration(v);
            if (d.isZero() && zeroAllowed) {
                return d;
            }
            if (d.compareTo(min) >= 0 && d.compareTo(ConnectionSettings.MAX) <= 0) {
                return java.time.Duration.ofSeconds(d.toSeconds());
            }
        } catch (java.time.format.DateTimeParseException e) {
            // said below
        }
        throw new CommandFailure(ExitCode.USAGE, key.key() + " must be a duration from " + min.toSeconds() + "s to 1h"
                + (zeroAllowed ? " or 0" : "") + ", such as 5s or 2m (got '" + v + "' from "
                + s.source().name().toLowerCase() + ")");
    }

    public long writeOffApprovalMinor() {
        return positive(Key.WRITE_OFF_APPROVAL);
    }

    public int graceDays() {
        return (int) positive(Key.GRACE_DAYS);
    }

    /**
     * {@code recon.stripe.reference}: where the Stripe parser reads references; a value it cannot use is refused
     * (exit 2).
     */
    public com.bazaar.reconciliation.settlement.StripeReference stripeReference() {
        Setting s = settings.get(Key.RECON_STRIPE_REFERENCE);
        try {
            return com.bazaar.reconciliation.settlement.StripeReference.parse(s.value());
        } catch (com.bazaar.domain.shared.ValidationException e) {
            throw new CommandFailure(ExitCode.USAGE, e.getMessage() + " (got '" + s.value() + "' from "
                    + s.source().name().toLowerCase() + ")");
        }
    }

    private long positive(Key key) {
        Setting s = settings.get(key);
        try {
            return com.bazaar.domain.shared.Numbers.whole(s.value(), key.key(), "CONFIG_INVALID", 0,
                    1_000_000_000_000L);
        } catch (com.bazaar.domain.shared.ValidationException e) {
            throw new CommandFailure(ExitCode.USAGE, key.key() + " must be a whole number >= 0 (got '" + s.value()
                    + "' from " + s.source().name().toLowerCase() + ")");
        }
    }

    /** {@code payment.commission-bp}: 0 to 10000. */
    public int commissionBasisPoints() {
        Setting s = settings.get(Key.COMMISSION_BP);
        try {
            return com.bazaar.domain.shared.Numbers.wholeInt(s.value(), "payment.commission-bp", "CONFIG_INVALID", 0,
                    10_000);
        } catch (com.bazaar.domain.shared.ValidationException e) {
            throw new CommandFailure(ExitCode.USAGE, "payment.commission-bp must be a whole number from 0 to 10000 (got '"
                    + s.value() + "' from " + s.source().name().toLowerCase() + ")");
        }
    }

    /** {@code reservation.ttl} as a duration: {@code 15m}, {@code 2h}, {@code 45s}, {@code 1d} or ISO-8601. */
    public java.time.Duration reservationTtl() {
        Setting s = settings.get(Key.RESERVATION_TTL);
        String v = s.value().strip();
        try {
            java.time.Duration d = duration(v);
            if (d.isNegative() || d.isZero()) {
                throw new java.time.format.DateTimeParseException("not positive", v, 0);
            }
            return d;
        } catch (java.time.format.DateTimeParseException e) {
            throw new CommandFailure(ExitCode.USAGE, "reservation.ttl must be a positive duration such as 15m or 2h"
                    + " (got '" + v + "' from " + s.source().name().toLowerCase() + ")");
        }
    }

    private static final java.util.regex.Pattern SHORT_DURATION = java.util.regex.Pattern.compile("(\\d+)([smhd])");

    /**
     * A duration as operators write it: {@code 45s}, {@code 15m}, {@code 2h}, {@code 1d}, or ISO-8601
     * ({@code PT30M}); throws DateTimeParseException otherwise. The sign is the caller's to check.
     */
    public static java.time.Duration duration(String text) {
        String v = text.strip();
        java.util.regex.Matcher m = SHORT_DURATION.matcher(v);
        if (!m.matches()) {
            return java.time.Duration.parse(v);
        }
        try {
            // ASCII digits only; at most 100 years, so no unit conversion overflows
            long n = com.bazaar.domain.shared.Numbers.whole(m.group(1), "duration", "DURATION_INVALID", 0,
                    36_500L * 24 * 3600);
            java.time.Duration d = switch (m.group(2)) {
                case "s" -> java.time.Duration.ofSeconds(n);
                case "m" -> java.time.Duration.ofMinutes(n);
                case "h" -> java.time.Duration.ofHours(n);
                default -> java.time.Duration.ofDays(n);
            };
            if (d.compareTo(java.time.Duration.ofDays(36_500)) > 0) {
                throw new java.time.format.DateTimeParseException("longer than 100 years", v, 0);
            }
            return d;
        } catch (com.bazaar.domain.shared.ValidationException tooLong) {
            throw new java.time.format.DateTimeParseException("longer than 100 years", v, 0);
        }
    }

    private static Map<String, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            JsonNode root = new YAMLMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
            Map<String, String> flat = new LinkedHashMap<>();
            if (root != null && !root.isNull() && !root.isMissingNode()) {
                if (!root.isObject()) {
                    throw new CommandFailure(ExitCode.USAGE, file + " must hold a mapping of settings");
                }
                flatten("", root, flat);
            }
            List<String> unknown = new ArrayList<>();
            for (String key : flat.keySet()) {
                if (java.util.Arrays.stream(Key.values()).noneMatch(k -> k.key.equals(key))) {
                    unknown.add(key);
                }
            }
            if (!unknown.isEmpty()) {
                throw new CommandFailure(ExitCode.USAGE, file + ": unknown setting" + (unknown.size() > 1 ? "s " : " ")
                        + String.join(", ", unknown) + " (known: " + String.join(", ",
                        java.util.Arrays.stream(Key.values()).map(Key::key).toList()) + ")");
            }
            return flat;
        } catch (IOException | JacksonException e) {
            throw new CommandFailure(ExitCode.USAGE, "cannot read " + file + ": " + UrlCredentials.redact(e.getMessage()
                    .lines().findFirst().orElse("")));
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
            while (fields.hasNext()) {
                var field = fields.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), into);
            }
        } else if (!node.isNull()) {
            into.put(prefix, node.asString());
        }
    }

    public Path home() {
        return home;
    }

    public Optional<String> get(Key key) {
        return Optional.ofNullable(settings.get(key).value()).filter(v -> !v.isBlank());
    }

    /** Where a setting's value came from. */
    public Source source(Key key) {
        return settings.get(key).source();
    }

    /** The client properties file of the external Kafka cluster, read and checked when the configuration loaded. */
    public Optional<KafkaClientProperties> kafkaClientProperties() {
        return kafkaClientProperties;
    }

    /** Which Kafka bazaar uses: an external cluster, or the local broker of the home. */
    public KafkaSettings kafka() {
        return KafkaSettings.of(this);
    }

    /** Where this host keeps the installation's audit key. */
    public Path auditKeyFile() {
        return Path.of(get(Key.AUDIT_KEY_FILE).orElseThrow());
    }

    /** This host's anchors file. */
    public Path auditAnchorsFile() {
        return Path.of(get(Key.AUDIT_ANCHORS_FILE).orElseThrow());
    }

    public boolean embedded() {
        return get(Key.DB_URL).isEmpty();
    }

    /** Every setting, in a stable order, home first. */
    public List<Setting> all() {
        List<Setting> all = new ArrayList<>();
        all.add(new Setting("home", home.toString(), homeSource, false));
        all.addAll(settings.values());
        return all;
    }
}
