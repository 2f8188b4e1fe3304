package com.bazaar.cli;

import com.bazaar.domain.identity.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every list command pages the same way (docs/paging.md): following the {@code next} of each JSON page from the
 * first one yields exactly what {@code --all} yields, each row once; the filters people expect work; a seller's user
 * paging sellers still sees only its own; a cursor of one list is refused by another.
 */
class EveryListPagesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path home;
    private static TestBazaar bazaar;
    private static String admin;

    @BeforeAll
    static void setUp() {
        bazaar = TestBazaar.initialised(home);
        admin = bazaar.adminToken();
        for (String code : List.of("ACME", "BETA", "GAMMA", "DELTA", "EPSILON")) {
            bazaar.seller(code, "USD");
        }
        bazaar.user("acme-ops", Role.SELLER, "ACME");
        String auditor = bazaar.user("aud", Role.AUDITOR, null);
        bazaar.product("ACME", "MUG-01", "12.99", 100);
        for (int i = 1; i <= 7; i++) {
            bazaar.order("k" + i, "ACME", "MUG-01:1");
        }
        for (int i = 1; i <= 5; i++) {
            assertThat(bazaar.cli(admin, "discount", "create", "--seller", "ACME", "--sku", "MUG-01", "--percent",
                    Integer.toString(i)).exitCode()).isZero();
        }
        bazaar.jdbc.sql("INSERT INTO dead_letters (consumer, topic, record_partition, record_offset, payload, headers,"
                + " reason, error, attempts, dlt_topic, dlt_partition, dlt_offset, dead_at) SELECT 'order-intake',"
                + " 'orders', 0, i, '{}', '{}', 'POISON', 'bad', 1, 'orders.DLT', 0, i, now()"
                + " FROM generate_series(1, 5) i").update();
        for (String day : List.of("2026-11-20", "2026-11-21", "2026-11-22")) {
            var export = bazaar.cli(auditor, "job", "run", "audit-export", "--from", day, "--to", day, "--format",
                    "jsonl", "--out", home.resolve("audit-" + day + ".jsonl").toString());
            assertThat(export.exitCode()).as(export.toString()).isZero();
        }
    }

    /** The rows of every page, following "next" from the first page with pages of {@code limit}. */
    private static List<JsonNode> paged(String token, int limit, String... list) {
        List<JsonNode> rows = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            String[] args = Stream.concat(Arrays.stream(list), next == null
                    ? Stream.of("--limit", Integer.toString(limit), "-o", "json")
                    : Stream.of("--limit", Integer.toString(limit), "--after", next, "-o", "json")).toArray(String[]::new);
            var run = bazaar.cli(token, args);
            assertThat(run.exitCode()).as(run.toString()).isZero();
            JsonNode page = JSON.readTree(run.out());
            page.get("items").forEach(rows::add);
            next = page.get("next").isNull() ? null : page.get("next").asString();
            assertThat(run.err()).isEqualTo(next == null ? "" : run.err().substring(0, run.err().indexOf("--after"))
                    + "--after " + next + "\n").startsWith(next == null ? "" : "note: showing ");
            assertThat(++pages).as("pages of " + String.join(" ", list)).isLessThan(100);
        } while (next != null);
        return rows;
    }

    private static int count(String table) {
        return bazaar.jdbc.sql("SELECT count(*) FROM " + table).query(Integer.class).single();
    }

    private static List<JsonNode> all(String token, String... list) {
        String[] args = Stream.concat(Arrays.stream(list), Stream.of("-o", "json")).toArray(String[]::new);
        var run = bazaar.cli(token, args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<JsonNode> rows = new ArrayList<>();
        JSON.readTree(run.out()).get("items").forEach(rows::add);
        return rows;
    }

    private static void pagesEqualAll(int expected, String field, String token, List<String> list, String allFlag) {
        List<JsonNode> paged = paged(token, 2, list.toArray(String[]::new));
        List<String> all = Stream.concat(list.stream(), Stream.of(allFlag, "--limit", "2")).toList();
        List<JsonNode> streamed = all(token, all.toArray(String[]::new));
        assertThat(paged).as(String.join(" ", list)).hasSize(expected);
        assertThat(paged.stream().map(n -> n.get(field).asString()).toList()).doesNotHaveDuplicates()
                .isEqualTo(streamed.stream().map(n -> n.get(field).asString()).toList());
    }

    @Test
    void everyListPagedTwoAtATimeShowsWhatAllShowsEachRowOnce() {
        pagesEqualAll(5, "code", admin, List.of("seller", "list"), "--all");
        pagesEqualAll(count("users"), "name", admin, List.of("user", "list"), "--all");
        pagesEqualAll(7, "order", admin, List.of("order", "list", "--seller", "ACME"), "--all");
        pagesEqualAll(5, "discount", admin, List.of("discount", "list", "--seller", "ACME"), "--all");
        pagesEqualAll(5, "id", admin, List.of("events", "dlq", "list"), "--all-pages");
        pagesEqualAll(3, "execution", admin, List.of("job", "list"), "--all");
        pagesEqualAll(count("audit_log"), "seq", admin, List.of("audit", "log"), "--all");
        assertThat(paged(admin, 1, "refund", "list")).isEmpty();
        assertThat(paged(admin, 1, "recon", "list")).isEmpty();
    }

    @Test
    void newestFirstListsPageNewestFirst() {
        List<Long> ids = paged(admin, 3, "order", "list", "--seller", "ACME").stream().map(n -> n.get("order").asLong())
                .toList();
        assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        List<Long> jobs = paged(admin, 1, "job", "list").stream().map(n -> n.get("execution").asLong()).toList();
        assertThat(jobs).isSortedAccordingTo((a, b) -> Long.compare(b, a)).hasSize(3);
    }

    @Test
    void theFiltersPeopleExpectWork() {
        assertThat(all(admin, "order", "list", "--seller", "ACME", "--buyer", "buyer-k3")).hasSize(1);
        assertThat(all(admin, "order", "list", "--seller", "ACME", "--since", "2026-11-24")).hasSize(7);
        assertThat(all(admin, "order", "list", "--seller", "ACME", "--since", "2026-11-26")).isEmpty();
        assertThat(all(admin, "job", "list", "--status", "COMPLETED")).hasSize(3);
        assertThat(all(admin, "job", "list", "--status", "FAILED")).isEmpty();
        assertThat(all(admin, "job", "list", "--seller", "ACME")).isEmpty();
        assertThat(all(admin, "job", "list", "--since", "2000-01-01")).hasSize(3);
        assertThat(all(admin, "job", "list", "--since", "2999-01-01")).isEmpty();
        var bad = bazaar.cli(admin, "job", "list", "--since", "yesterday");
        assertThat(bad.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(bad.err()).contains("--since must be a date");
    }

    @Test
    void aSellersUserPagingSellersSeesOnlyItsOwn() {
        String acme = bazaar.user("acme-2", Role.SELLER, "ACME");
        assertThat(paged(acme, 1, "seller", "list")).extracting(n -> n.get("code").asString()).containsExactly("ACME");
        String beta = JSON.readTree(bazaar.cli(admin, "seller", "list", "--limit", "1", "-o", "json").out())
                .get("next").asString();
        var after = bazaar.cli(acme, "seller", "list", "--after", beta, "-o", "json");
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(JSON.readTree(after.out()).get("items")).extracting(n -> n.get("code").asString())
                .containsExactly("ACME");
    }

    @Test
    void aCursorOfOneListIsRefusedByAnother() {
        String sellers = JSON.readTree(bazaar.cli(admin, "seller", "list", "--limit", "1", "-o", "json").out())
                .get("next").asString();
        for (List<String> list : List.of(List.of("user", "list"), List.of("order", "list", "--seller", "ACME"),
                List.of("job", "list"), List.of("audit", "log"), List.of("events", "dlq", "list"),
                List.of("refund", "list"), List.of("recon", "list"), List.of("discount", "list", "--seller", "ACME"))) {
            String[] args = Stream.concat(list.stream(), Stream.of("--after", sellers)).toArray(String[]::new);
            var run = bazaar.cli(admin, args);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.REJECTED);
            assertThat(run.err()).startsWith("error: --after '").contains("is not a cursor of this list");
        }
    }
}
