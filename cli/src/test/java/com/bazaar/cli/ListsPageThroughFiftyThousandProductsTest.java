package com.bazaar.cli;

import com.bazaar.domain.shared.Cursor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lists page by keyset (docs/paging.md): 50,002 products of one seller are read a page at a time with
 * {@code --after}, every SKU exactly once; the stderr note names the next page; {@code --all} streams every row; and
 * rows inserted or deleted between pages never make a row that existed throughout appear twice or go missing.
 */
class ListsPageThroughFiftyThousandProductsTest {

    private static final Pattern NOTE = Pattern.compile("note: showing ([0-9,]+)( of ([0-9,]+))?; next page: --after (\\S+)\\n");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MANY = 50_002;

    @TempDir
    static Path home;
    private static TestBazaar bazaar;
    private static String admin;

    @BeforeAll
    static void setUp() {
        bazaar = TestBazaar.initialised(home);
        admin = bazaar.adminToken();
        bazaar.seller("BIG", "USD");
        bazaar.seller("MOVING", "USD");
        insert("BIG", 1, MANY);
    }

    /** Products (with their stock rows) SKU-0000001 ... in one statement each. */
    private static void insert(String seller, int from, int to) {
        bazaar.jdbc.sql("INSERT INTO products (seller_id, sku, title, price_minor, currency, status, created_at,"
                        + " updated_at) SELECT s.id, 'SKU-' || lpad(i::text, 7, '0'), 'Product ' || i, 1299, 'USD',"
                        + " 'ACTIVE', now(), now() FROM generate_series(:from, :to) i, sellers s WHERE s.code = :seller")
                .param("from", from).param("to", to).param("seller", seller).update();
        bazaar.jdbc.sql("INSERT INTO stock (product_id, on_hand, reserved, updated_at) SELECT p.id, 5, 0, now()"
                + " FROM products p LEFT JOIN stock s ON s.product_id = p.id WHERE s.product_id IS NULL").update();
    }

    private static void delete(String seller, String sku) {
        bazaar.jdbc.sql("DELETE FROM stock WHERE product_id = (SELECT p.id FROM products p JOIN sellers s"
                + " ON s.id = p.seller_id WHERE s.code = :seller AND p.sku = :sku)")
                .param("seller", seller).param("sku", sku).update();
        bazaar.jdbc.sql("DELETE FROM products p USING sellers s WHERE s.id = p.seller_id AND s.code = :seller"
                + " AND p.sku = :sku").param("seller", seller).param("sku", sku).update();
    }

    /** {@code product list --seller S --limit N [--after KEY] -o csv}, which must succeed. */
    private static TestBazaar.Run page(String seller, int limit, String after) {
        List<String> args = new ArrayList<>(List.of("product", "list", "--seller", seller, "--limit",
                Integer.toString(limit), "-o", "csv"));
        if (after != null) {
            args.addAll(List.of("--after", after));
        }
        var run = bazaar.cli(admin, args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run;
    }

    private static List<String> skus(String csv) {
        return csv.lines().skip(1).map(line -> line.substring(0, line.indexOf(','))).toList();
    }

    @Test
    void pagesOfAThousandReadEverySkuExactlyOnceAndTheNoteNamesTheNextPage() {
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        while (true) {
            var run = page("BIG", 1000, after);
            seen.addAll(skus(run.out()));
            pages++;
            Matcher note = NOTE.matcher(run.err());
            if (!note.find()) {
                assertThat(run.err()).as("the last page has no note").isEmpty();
                break;
            }
            assertThat(note.group(1)).isEqualTo("1,000");
            assertThat(note.group(3)).isEqualTo("50,002");
            after = note.group(4);
        }
        assertThat(pages).isEqualTo(51);
        assertThat(seen).hasSize(MANY).doesNotHaveDuplicates();
        assertThat(seen).isSorted();
        assertThat(seen.get(MANY - 1)).isEqualTo("SKU-0050002");
    }

    @Test
    void theDefaultPageIsAHundredAndSaysSo() {
        var run = bazaar.cli(admin, "product", "list", "--seller", "BIG");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines().count()).isEqualTo(101);
        String next = Cursor.of("product", "SKU-0000100").token();
        assertThat(run.err()).isEqualTo("note: showing 100 of 50,002; next page: --after " + next + "\n");
        var json = bazaar.cli(admin, "product", "list", "--seller", "BIG", "-o", "json");
        JsonNode page = JSON.readTree(json.out());
        assertThat(page.get("items").size()).isEqualTo(100);
        assertThat(page.get("next").asString()).isEqualTo(next);
        assertThat(page.get("total").asLong()).isEqualTo(MANY);
    }

    @Test
    void allStreamsEveryRowAsOneJsonDocument() {
        var run = bazaar.cli(admin, "product", "list", "--seller", "BIG", "--all", "--limit", "5000", "-o", "json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        JsonNode all = JSON.readTree(run.out());
        assertThat(all.get("next").isNull()).isTrue();
        Set<String> skus = new HashSet<>();
        all.get("items").forEach(item -> skus.add(item.get("sku").asString()));
        assertThat(all.get("items").size()).isEqualTo(MANY);
        assertThat(skus).hasSize(MANY);
    }

    @Test
    void allWithAfterAndTheTableStartWhereTheCursorSays() {
        String after = Cursor.of("product", "SKU-0049990").token();
        var run = bazaar.cli(admin, "product", "list", "--seller", "BIG", "--all", "--limit", "5", "--after", after);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(13);
        assertThat(lines.get(0)).startsWith("SKU");
        assertThat(lines.get(1)).contains("SKU-0049991");
        assertThat(lines.get(12)).contains("SKU-0050002");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void anInvalidCursorIsRefusedNamingAfter() {
        for (String bad : List.of("not-a-cursor!", Cursor.of("order", "2026-11-25T09:00:00Z", "5").token(),
                Cursor.of("product", "A", "B").token(), "' OR 1=1 --")) {
            var run = bazaar.cli(admin, "product", "list", "--seller", "BIG", "--after", bad);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.REJECTED);
            assertThat(run.err()).startsWith("error: --after").contains("is not a cursor");
            assertThat(run.out()).isEmpty();
        }
        var zero = bazaar.cli(admin, "product", "list", "--seller", "BIG", "--limit", "10001");
        assertThat(zero.exitCode()).as(zero.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(zero.err()).contains("--limit must be 1 to 10000");
    }

    @Test
    void rowsInsertedOrDeletedBetweenPagesNeverDuplicateOrSkipARowThatExistedThroughout() {
        insert("MOVING", 1, 3_000);
        Set<String> deleted = new HashSet<>();
        Set<String> aheadDeleted = new HashSet<>();
        List<String> seen = new ArrayList<>();
        String after = null;
        int page = 0;
        while (true) {
            var run = page("MOVING", 250, after);
            seen.addAll(skus(run.out()));
            Matcher note = NOTE.matcher(run.err());
            if (!note.find()) {
                break;
            }
            after = note.group(4);
            page++;
            // between pages: new rows before and after the cursor, the cursor's own row and rows ahead deleted
            insert("MOVING", 10_000 + page * 10, 10_000 + page * 10 + 9);
            String last = seen.get(seen.size() - 1);
            delete("MOVING", last);
            deleted.add(last);
            int position = Integer.parseInt(last.substring(4));
            if (position + 100 <= 3_000) {
                String ahead = String.format("SKU-%07d", position + 100);
                delete("MOVING", ahead);
                deleted.add(ahead);
                aheadDeleted.add(ahead);
            }
            String behind = String.format("SKU-%07d", position - 100);
            delete("MOVING", behind);
            deleted.add(behind);
        }
        assertThat(seen).doesNotHaveDuplicates().isSorted();
        Set<String> throughout = new HashSet<>();
        for (int i = 1; i <= 3_000; i++) {
            throughout.add(String.format("SKU-%07d", i));
        }
        throughout.removeAll(deleted);
        assertThat(seen).containsAll(throughout);
        assertThat(seen).as("rows deleted before the cursor reached them").doesNotContainAnyElementsOf(aheadDeleted);
        assertThat(seen).as("rows inserted ahead of the cursor are read too").contains("SKU-0010019");
    }
}
