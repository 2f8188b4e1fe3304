package com.bazaar.postgres;

import com.bazaar.domain.reconciliation.Category;
import com.bazaar.domain.reconciliation.ClassificationRules.LineType;
import com.bazaar.testsupport.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database's copies of reconciliation's enums (V22): the {@code recon_items} category CHECK allows every
 * {@link Category} and the {@code settlement_lines} type CHECK every {@link LineType}, so a category or line type added
 * to the domain without its migration fails here rather than on the first file that needs it.
 */
class SchemaAllowsEveryCategoryAndLineTypeTest {

    private static JdbcClient jdbc;

    @BeforeAll
    static void setUp() {
        jdbc = new Database(TestDatabases.fresh().dataSource()).jdbc();
    }

    private static List<String> allowed(String table, String constraint) {
        String definition = jdbc.sql("SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c"
                        + " WHERE c.conrelid = CAST(:table AS regclass) AND c.conname = :name")
                .param("table", table).param("name", constraint).query(String.class).single();
        Matcher quoted = Pattern.compile("'([A-Z_]+)'").matcher(definition);
        return quoted.results().map(m -> m.group(1)).toList();
    }

    @Test
    void everyCategoryIsAllowed() {
        assertThat(allowed("recon_items", "recon_items_category_check"))
                .containsAll(Arrays.stream(Category.values()).map(Enum::name).toList());
    }

    @Test
    void everyLineTypeIsAllowedAndNothingElse() {
        assertThat(allowed("settlement_lines", "settlement_lines_type_check"))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(LineType.values()).map(Enum::name).toList());
    }
}
