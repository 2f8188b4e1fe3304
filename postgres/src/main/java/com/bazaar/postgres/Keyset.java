package com.bazaar.postgres;

import com.bazaar.domain.shared.Cursor;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.shared.PageRequest;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Map;
import java.util.function.Function;

/**
 * A page of a whole table in the order of one unique text column (sellers by code, users by name), read by keyset:
 * the rows after the cursor's value, one more than the limit. {@code select} and {@code column} are this module's
 * constants; the cursor's value is only ever a bind parameter.
 */
final class Keyset {

    private Keyset() {
    }

    static <T> Page<T> byText(JdbcClient jdbc, String select, String column, String list, PageRequest page,
                              RowMapper<T> row, Function<T, String> key) {
        var after = page.after(list, 1);
        return Page.of(jdbc.sql(select + (after.isPresent() ? " WHERE " + column + " > :after" : "")
                        + " ORDER BY " + column + " LIMIT :limit")
                .params(after.map(c -> Map.<String, Object>of("after", c.text(0))).orElse(Map.of()))
                .param("limit", page.probe()).query(row).list(), page, t -> Cursor.of(list, key.apply(t)));
    }
}
