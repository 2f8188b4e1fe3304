package com.bazaar.cli.bench;

import com.bazaar.cli.SalesTotals;
import com.bazaar.cli.TestTopics;
import com.bazaar.events.consumers.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The end of {@code scripts/load/run.sh}: once the backlog drained (waiting at most {@code --wait} seconds), what
 * must hold after the load and the chaos, each printed as {@code CHECK ok|FAIL name: detail}; exit 1 when any failed.
 *
 * <pre>
 *   LoadDriver check --home BAZAAR_HOME --bootstrap B --seller S --out DIR --catalog CSV [--wait S]
 * </pre>
 *
 * The database is read as its owner (the home's password file and the embedded server's port), the topics from the
 * beginning; {@code DIR/requests.tsv} is what the driver's {@code run} had acknowledged, {@code CSV} the catalog the
 * stock was imported from (sku, ..., quantity).
 */
final class LoadChecks {

    private final List<String> failures = new ArrayList<>();

    private LoadChecks() {
    }

    static int run(Map<String, String> options) throws Exception {
        return new LoadChecks().check(options);
    }

    private int check(Map<String, String> options) throws Exception {
        Path home = Path.of(LoadDriver.required(options, "home"));
        String bootstrap = LoadDriver.required(options, "bootstrap");
        Topics topics = LoadDriver.topics(options);
        String seller = LoadDriver.required(options, "seller");
        Path out = Path.of(LoadDriver.required(options, "out"));
        Map<String, Long> initialStock = catalogStock(Path.of(LoadDriver.required(options, "catalog")));
        JdbcClient jdbc = JdbcClient.create(ownerLogin(home));

        // the backlog: the outbox published and the sales consumer caught up (bounded)
        long waitUntil = System.nanoTime() + Duration.ofSeconds((long) LoadDriver.number(options, "wait", 300))
                .toNanos();
        long began = System.nanoTime();
        while (System.nanoTime() < waitUntil && !(unpublished(jdbc) == 0 && salesApplied(jdbc) == salesEvents(jdbc))) {
            Thread.sleep(1000);
        }
        System.out.printf(Locale.ROOT, "checks after %.1f s of waiting for the backlog: %d events in the outbox,"
                        + " %d unpublished; sales consumer applied %d of %d%n", (System.nanoTime() - began) / 1e9,
                count(jdbc, "SELECT count(*) FROM outbox"), unpublished(jdbc), salesApplied(jdbc), salesEvents(jdbc));

        List<ConsumerRecord<String, String>> records = TestTopics.read(bootstrap, topics.prefix());
        Map<String, String[]> requests = requests(out.resolve("requests.tsv"));
        Map<String, List<LoadDriver.Answer>> answers = new LinkedHashMap<>();
        for (var record : records) {
            if (record.topic().equals(topics.orderResults()) && record.key() != null
                    && record.key().startsWith(LoadDriver.KEY_PREFIX)) {
                answers.computeIfAbsent(record.key(), k -> new ArrayList<>())
                        .add(LoadDriver.Answer.of(record.value(), record.timestamp(), 0));
            }
        }

        // 1. each request answered, with one outcome
        List<String> unanswered = requests.keySet().stream().filter(k -> !answers.containsKey(k)).toList();
        check("each request answered", unanswered.isEmpty(), requests.size() + " requests acknowledged, "
                + (requests.size() - unanswered.size()) + " answered" + examples("unanswered", unanswered));
        long repeated = answers.values().stream().filter(a -> a.size() > 1).count();
        List<String> inconsistent = answers.entrySet().stream().filter(e -> !oneOutcome(e.getValue()))
                .map(e -> e.getKey() + " " + e.getValue().stream().map(a -> a.status() + " " + a.order() + a.reason())
                        .toList()).toList();
        check("each request has exactly one outcome", inconsistent.isEmpty(), answers.size() + " requests answered, "
                + (answers.size() - repeated) + " exactly once, " + repeated + " again after a redelivery (at least"
                + " once: a repeat must say the same)" + examples("answers that disagree", inconsistent));
        List<String> notAcknowledged = answers.keySet().stream().filter(k -> !requests.containsKey(k)).toList();
        if (!notAcknowledged.isEmpty()) {
            System.out.println("note: " + notAcknowledged.size() + " requests were answered whose send was never"
                    + " acknowledged (abandoned by the driver)");
        }

        // 2. orders = PLACED answers, each PLACED answer's order exists once with its key
        Map<String, String> placed = new TreeMap<>();
        answers.forEach((key, said) -> said.stream().filter(a -> a.status().equals("PLACED")).findFirst()
                .ifPresent(a -> placed.put(key, a.order())));
        Map<String, long[]> orders = new TreeMap<>();
        jdbc.sql("SELECT idempotency_key, id, (extract(epoch FROM placed_at) * 1000)::bigint FROM orders"
                        + " WHERE idempotency_key LIKE :prefix").param("prefix", LoadDriver.KEY_PREFIX + "%")
                .query((rs, n) -> orders.put(rs.getString(1), new long[]{rs.getLong(2), rs.getLong(3)})).list();
        List<String> mismatched = new ArrayList<>();
        placed.forEach((key, order) -> {
            long[] row = orders.get(key);
            if (row == null || !Long.toString(row[0]).equals(order)) {
                mismatched.add(key + " answered PLACED " + order + ", database " + (row == null ? "no order"
                        : "order " + row[0]));
            }
        });
        orders.keySet().stream().filter(k -> !placed.containsKey(k))
                .forEach(k -> mismatched.add(k + " has order " + orders.get(k)[0] + " but no PLACED answer"));
        check("orders = PLACED answers", mismatched.isEmpty() && orders.size() == placed.size(), orders.size()
                + " orders, " + placed.size() + " PLACED answers" + examples("mismatches", mismatched));

        // 3. no unit oversold: stock never negative, reserved <= on hand, ordered units <= initial stock
        List<String> stockProblems = new ArrayList<>();
        long oversold = 0;
        StringBuilder hot = new StringBuilder();
        for (var row : jdbc.sql("SELECT p.sku, s.on_hand, s.reserved, coalesce((SELECT sum(l.quantity) FROM order_lines l"
                        + " JOIN orders o ON o.id = l.order_id WHERE l.product_id = p.id AND o.status <> 'CANCELLED'), 0)"
                        + " FROM products p JOIN stock s ON s.product_id = p.id JOIN sellers se ON se.id = p.seller_id"
                        + " WHERE se.code = :seller ORDER BY p.sku").param("seller", seller)
                .query((rs, n) -> new Object[]{rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)}).list()) {
            String sku = (String) row[0];
            long onHand = (long) row[1];
            long reserved = (long) row[2];
            long ordered = (long) row[3];
            long initial = initialStock.getOrDefault(sku, -1L);
            oversold += Math.max(0, ordered - initial);
            if (onHand < 0 || reserved < 0 || reserved > onHand || onHand != initial || reserved != ordered
                    || ordered > initial) {
                stockProblems.add(sku + ": initial " + initial + ", on hand " + onHand + ", reserved " + reserved
                        + ", ordered " + ordered);
            }
            if (initial < 1000) {
                hot.append(hot.isEmpty() ? "" : ", ").append(sku).append(' ').append(ordered).append('/').append(initial);
            }
        }
        check("oversold units = 0", oversold == 0 && stockProblems.isEmpty(), "oversold " + oversold
                + " units; scarce SKUs ordered/stock: " + hot + examples("stock rows wrong", stockProblems));

        // 4. no event lost or applied twice
        long unpublished = unpublished(jdbc);
        check("outbox published", unpublished == 0, count(jdbc, "SELECT count(*) FROM outbox") + " events, "
                + unpublished + " unpublished");
        List<ConsumerRecord<String, String>> events = records.stream().filter(r -> r.topic().endsWith(".v1")
                && !r.topic().equals(topics.orderRequests()) && !r.topic().equals(topics.orderResults())).toList();
        long copies = events.size() - events.stream().map(TestTopics::eventId).distinct().count();
        try {
            TestTopics.assertEveryEventInAggregateOrder(jdbc, topics, events, "");
            check("every event in its topic, in order per aggregate", true, events.size() + " records, " + copies
                    + " of them repeats (at least once)");
        } catch (AssertionError e) {
            check("every event in its topic, in order per aggregate", false, firstLine(e.getMessage()));
        }
        long applied = count(jdbc, "SELECT count(*) FROM processed_events p JOIN outbox e ON e.id::text = p.event_id"
                + " WHERE p.consumer = 'sales' AND e.event_type IN ('OrderPlaced', 'OrderCancelled', 'RefundIssued')");
        List<String> model = SalesTotals.readModel(jdbc);
        List<String> expected = SalesTotals.ofTheOrders(jdbc);
        check("sales events applied exactly once", applied == salesEvents(jdbc) && model.equals(expected),
                applied + " of " + salesEvents(jdbc) + " applied; read model " + model + (model.equals(expected) ? ""
                        : " but the orders say " + expected));
        long deadLetters = count(jdbc, "SELECT count(*) FROM dead_letters");
        long dltRecords = records.stream().filter(r -> r.topic().endsWith(".dlt")).count();
        check("no dead letter", deadLetters == 0 && dltRecords == 0, deadLetters + " in dead_letters, " + dltRecords
                + " records in the .dlt topics");

        // service time of accepted work: the order's placement to its answer's timestamp
        Map<String, List<Long>> service = new TreeMap<>();
        placed.forEach((key, order) -> {
            long[] row = orders.get(key);
            String[] request = requests.get(key);
            if (row != null && request != null) {
                long answeredAt = answers.get(key).stream().filter(a -> a.status().equals("PLACED")).findFirst()
                        .orElseThrow().timestamp();
                service.computeIfAbsent(request[1], p -> new ArrayList<>()).add((answeredAt - row[1]) * 1_000_000L);
            }
        });
        service.forEach((phase, times) -> {
            long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "service time of accepted requests (%s: order placed -> answer published),"
                            + " %d orders: p50 %s p99 %s max %s%n", phase, sorted.length,
                    LoadDriver.ms(sorted, 0.5), LoadDriver.ms(sorted, 0.99), LoadDriver.ms(sorted, 1.0));
        });

        System.out.println(failures.isEmpty() ? "RESULT checks ok" : "RESULT checks FAILED: "
                + String.join("; ", failures));
        return failures.isEmpty() ? 0 : 1;
    }

    /**
     * One outcome whatever arrived twice: every PLACED answer names the same order, and nothing is PLACED before
     * or after a refusal other than a rate limit's (a limited request may be placed when it comes again); a refused
     * request is refused for one reason (besides a rate limit's).
     */
    static boolean oneOutcome(List<LoadDriver.Answer> said) {
        Set<String> orders = said.stream().filter(a -> a.status().equals("PLACED")).map(LoadDriver.Answer::order)
                .collect(Collectors.toSet());
        Set<String> refusals = said.stream().filter(a -> !a.status().equals("PLACED"))
                .map(a -> a.status() + " " + a.reason()).collect(Collectors.toCollection(LinkedHashSet::new));
        if (orders.size() > 1) {
            return false;
        }
        if (orders.isEmpty()) {
            // refused: one reason, besides a rate limit's (a repeat may meet the limit, or pass it)
            return refusals.stream().filter(r -> !r.endsWith(" RATE_LIMITED")).count() <= 1;
        }
        // placed: before it only rate-limit refusals, after it only PLACED (replayed)
        boolean seenPlaced = false;
        for (LoadDriver.Answer a : said) {
            if (a.status().equals("PLACED")) {
                seenPlaced = true;
            } else if (seenPlaced || !a.reason().equals("RATE_LIMITED")) {
                return false;
            }
        }
        return true;
    }

    private void check(String name, boolean ok, String detail) {
        System.out.println("CHECK " + (ok ? "ok  " : "FAIL") + " " + name + ": " + detail);
        if (!ok) {
            failures.add(name);
        }
    }

    private static String examples(String what, List<String> items) {
        return items.isEmpty() ? "" : "; " + what + " (" + items.size() + "): "
                + items.stream().limit(5).collect(Collectors.joining(", ")) + (items.size() > 5 ? ", ..." : "");
    }

    private static String firstLine(String text) {
        String line = text == null ? "" : text.strip().lines().findFirst().orElse("");
        return line.length() > 400 ? line.substring(0, 400) + "..." : line;
    }

    /** The embedded server of the home, as its schema owner. */
    private static PGSimpleDataSource ownerLogin(Path home) throws Exception {
        String port = Files.readAllLines(home.resolve("pgdata/postmaster.pid")).get(3).strip();
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl("jdbc:postgresql://127.0.0.1:" + port + "/bazaar");
        source.setUser("bazaar_owner");
        source.setPassword(Files.readString(home.resolve("db-owner.password")).strip());
        return source;
    }

    /** sku -> quantity of the catalog file (a plain CSV with a header naming sku and quantity). */
    private static Map<String, Long> catalogStock(Path catalog) throws Exception {
        List<String> lines = Files.readAllLines(catalog, StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split(","));
        int sku = header.indexOf("sku");
        int quantity = header.indexOf("quantity");
        Map<String, Long> stock = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                String[] cells = line.split(",");
                stock.put(cells[sku], Long.parseLong(cells[quantity]));
            }
        }
        return stock;
    }

    /** The driver's requests.tsv: key -> its columns (the phase second). */
    private static Map<String, String[]> requests(Path file) throws Exception {
        Map<String, String[]> requests = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\t", -1);
            requests.put(cells[0], cells);
        }
        return requests;
    }

    private static long unpublished(JdbcClient jdbc) {
        return count(jdbc, "SELECT count(*) FROM outbox WHERE published_at IS NULL");
    }

    private static long salesEvents(JdbcClient jdbc) {
        return count(jdbc, "SELECT count(*) FROM outbox WHERE event_type IN ('OrderPlaced', 'OrderCancelled',"
                + " 'RefundIssued')");
    }

    private static long salesApplied(JdbcClient jdbc) {
        return count(jdbc, "SELECT count(*) FROM processed_events WHERE consumer = 'sales'");
    }

    private static long count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
