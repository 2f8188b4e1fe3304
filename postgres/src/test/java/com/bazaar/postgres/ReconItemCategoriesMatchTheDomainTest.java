package com.bazaar.postgres;

import com.bazaar.domain.reconciliation.Category;
import com.bazaar.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Arrays;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The category CHECK of {@code recon_items} lists exactly the domain's {@link Category} values: a category added to the
 * domain without its migration (V21 added PAYOUT_MISMATCH) would fail the classification INSERT of the first run that
 * finds one, and a category the domain dropped would be left behind in the schema.
 */
class ReconItemCategoriesMatchTheDomainTest {

    @Test
    void theCategoryCheckListsEveryCategoryOfTheDomainAndNoOther() {
        JdbcClient jdbc = new Database(TestDatabases.fresh().dataSource()).jdbc();
        String check = jdbc.sql("SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c"
                        + " WHERE c.conrelid = 'recon_items'::regclass AND c.conname = 'recon_items_category_check'")
                .query(String.class).single();
        Matcher quoted = Pattern.compile("'([A-Z_]+)'").matcher(check);
        TreeSet<String> listed = new TreeSet<>();
        while (quoted.find()) {
            listed.add(quoted.group(1));
        }
        assertThat(listed).as(check).containsExactlyElementsOf(
                new TreeSet<>(Arrays.stream(Category.values()).map(Enum::name).toList()));
    }
}
