package com.bazaar.cli.commands;

import com.bazaar.cli.CliContext;
import com.bazaar.cli.TestBazaar;
import org.jline.reader.Candidate;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shell completes {@code --sku} from the SKUs that start with what is typed, asked of the database: in a catalog
 * of more than 500 products, a SKU that sorts after the first 500 is offered once its first letters are typed; '_'
 * and '%' in what is typed are plain characters, not SQL wildcards.
 */
class ShellCompletesSkusByWhatIsTypedTest {

    @TempDir
    Path home;

    @Test
    void theTypedPrefixFindsSkusBeyondTheFirstFiveHundred() {
        TestBazaar bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG-01", "12.99", 0);
        bazaar.product("ACME", "MUG_02", "12.99", 0);
        bazaar.product("ACME", "MUGX03", "12.99", 0);
        // 600 more that sort before the mugs: AAA-000 .. AAA-599
        bazaar.jdbc.sql("INSERT INTO products (seller_id, sku, title, description, category, attributes, price_minor,"
                + " currency, status, created_at, updated_at) SELECT seller_id, 'AAA-' || lpad(n::text, 3, '0'),"
                + " 'Filler ' || n, description, category, attributes, price_minor, currency, status, created_at,"
                + " updated_at FROM products, generate_series(0, 599) AS n WHERE sku = 'MUG-01'").update();
        bazaar.jdbc.sql("INSERT INTO stock (product_id, on_hand, reserved, updated_at) SELECT id, 0, 0, created_at"
                + " FROM products WHERE sku LIKE 'AAA-%'").update();

        assertThat(skus(bazaar, "MUG")).containsExactlyInAnyOrder("MUG-01", "MUGX03", "MUG_02");
        assertThat(skus(bazaar, "MUG_")).containsExactly("MUG_02"); // not MUG-01 nor MUGX03: '_' is no wildcard
        assertThat(skus(bazaar, "MUG%")).isEmpty();
        assertThat(skus(bazaar, "mug")).isEmpty(); // SKUs are case-sensitive, as the catalog stores them
        assertThat(skus(bazaar, "")).hasSize(500).first().isEqualTo("AAA-000");
        assertThat(skus(bazaar, "AAA-59")).hasSize(10).last().isEqualTo("AAA-599");
    }

    private List<String> skus(TestBazaar bazaar, String typed) {
        Map<String, String> env = new HashMap<>(TestBazaar.databaseEnv(bazaar.db));
        env.put("BAZAAR_TOKEN", bazaar.adminToken());
        env.put("HOME", home.toString());
        env.put("BAZAAR_HOME", home.resolve("bazaar-home").toString());
        PrintWriter sink = new PrintWriter(new StringWriter());
        try (CliContext context = new CliContext(env, sink, sink)) {
            String line = "product show --seller ACME --sku " + typed;
            var parsed = new DefaultParser().parse(line, line.length());
            List<Candidate> candidates = new ArrayList<>();
            new ShellCompleter(context, (reader, l, c) -> c.add(new Candidate("(commands)")))
                    .complete(null, parsed, candidates);
            return candidates.stream().map(Candidate::value).toList();
        }
    }
}
