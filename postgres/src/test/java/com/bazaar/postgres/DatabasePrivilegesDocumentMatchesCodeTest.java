package com.bazaar.postgres;

import com.bazaar.testsupport.TestDatabase;
import com.bazaar.testsupport.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The privilege table of the database-roles part of docs/security.md and the migrated database agree, object for
 * object: every table, sequence and function of the schema has a row (so a migration that adds one without deciding
 * what bazaar_app may do with it fails here), and each row's owner and privileges are what PostgreSQL answers.
 */
class DatabasePrivilegesDocumentMatchesCodeTest {

    private static final String START = "<!-- db-privileges:start -->";
    private static final String END = "<!-- db-privileges:end -->";
    private static final String NONE = "—";

    private static TestDatabase db;
    private static JdbcClient admin;

    @BeforeAll
    static void migrated() {
        db = TestDatabases.fresh();
        admin = new Database(db.adminDataSource()).jdbc();
    }

    /** docs/security.md, Database roles. */
    static String document() throws Exception {
        for (Path candidate : List.of(Path.of("..", "docs", "security.md"))) {
            if (Files.isRegularFile(candidate) && Files.readString(candidate).contains(START)) {
                return Files.readString(candidate);
            }
        }
        throw new AssertionError("no privilege table (" + START + ") in docs/security.md");
    }

    /** object -> [kind, owner, bazaar_app, bazaar_audit], as documented. */
    static Map<String, List<String>> documented() throws Exception {
        String doc = document();
        String table = doc.substring(doc.indexOf(START), doc.indexOf(END));
        List<String> lines = table.lines().filter(l -> l.startsWith("|")).toList();
        assertThat(cells(lines.get(0)).subList(0, 5)).containsExactly("object", "kind", "owner", "bazaar_app",
                "bazaar_audit");
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : lines.subList(2, lines.size())) {
            List<String> cells = cells(line);
            assertThat(rows.put(cells.get(0), cells.subList(1, 5))).as("one row per object: " + cells.get(0)).isNull();
        }
        return rows;
    }

    private static List<String> cells(String line) {
        String inner = line.strip().substring(1, line.strip().length() - 1);
        return Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
    }

    /** object -> [kind, owner, bazaar_app, bazaar_audit], as PostgreSQL answers. */
    private static Map<String, List<String>> actual() {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        admin.sql("""
                        SELECT c.relname, CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view' ELSE 'table' END,
                               pg_get_userbyid(c.relowner),
                               CASE WHEN c.relkind = 'S' THEN
                                   (SELECT string_agg(p, ', ' ORDER BY o) FROM unnest(ARRAY['USAGE', 'SELECT', 'UPDATE'])
                                        WITH ORDINALITY AS x(p, o) WHERE has_sequence_privilege('bazaar_app', c.oid, p))
                               ELSE (SELECT string_agg(p, ', ' ORDER BY o) FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE',
                                        'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) WITH ORDINALITY AS x(p, o)
                                     WHERE has_table_privilege('bazaar_app', c.oid, p)) END,
                               CASE WHEN c.relkind = 'S' THEN
                                   (SELECT string_agg(p, ', ' ORDER BY o) FROM unnest(ARRAY['USAGE', 'SELECT', 'UPDATE'])
                                        WITH ORDINALITY AS x(p, o) WHERE has_sequence_privilege('bazaar_audit', c.oid, p))
                               ELSE (SELECT string_agg(p, ', ' ORDER BY o) FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE',
                                        'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) WITH ORDINALITY AS x(p, o)
                                     WHERE has_table_privilege('bazaar_audit', c.oid, p)) END
                        FROM pg_class c
                        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                          AND d.objid = c.oid AND d.deptype = 'i')
                        UNION ALL
                        SELECT p.oid::regprocedure::text,
                               CASE WHEN p.prokind = 'p' THEN 'procedure'
                                    WHEN p.prorettype = 'trigger'::regtype THEN 'trigger function' ELSE 'function' END
                                   || CASE WHEN p.prosecdef THEN ', SECURITY DEFINER' ELSE '' END,
                               pg_get_userbyid(p.proowner),
                               CASE WHEN has_function_privilege('bazaar_app', p.oid, 'EXECUTE') THEN 'EXECUTE' END,
                               CASE WHEN has_function_privilege('bazaar_audit', p.oid, 'EXECUTE') THEN 'EXECUTE' END
                        FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace""")
                .query((rs, n) -> rows.put(rs.getString(1), Arrays.asList(rs.getString(2), rs.getString(3),
                        rs.getString(4) == null ? NONE : rs.getString(4),
                        rs.getString(5) == null ? NONE : rs.getString(5))))
                .list();
        return rows;
    }

    @Test
    void everyObjectOfTheSchemaHasARowWithThePrivilegesTheDatabaseGrants() throws Exception {
        Map<String, List<String>> documented = documented();
        actual().forEach((object, cells) -> {
            assertThat(documented).as("docs/security.md (Database roles) has a row for " + object
                    + ": decide what bazaar_app may do with it, grant that in its migration, and document it")
                    .containsKey(object);
            assertThat(documented.get(object)).as("row " + object + " (kind, owner, bazaar_app, bazaar_audit)")
                    .containsExactlyElementsOf(cells);
        });
    }

    @Test
    void theDocumentNamesNoObjectTheSchemaLacks() throws Exception {
        assertThat(actual().keySet()).containsAll(documented().keySet());
    }

    @Test
    void everyFunctionRunsWithAFixedSearchPathThatSearchesTemporaryObjectsLast() {
        List<String> loose = admin.sql("""
                        SELECT p.oid::regprocedure::text FROM pg_proc p
                        WHERE p.pronamespace = 'public'::regnamespace
                          AND NOT coalesce('search_path=pg_catalog, public, pg_temp' = ANY (p.proconfig), false)""")
                .query(String.class).list();
        assertThat(loose).as("functions without SET search_path = pg_catalog, public, pg_temp").isEmpty();
    }

    @Test
    void theApplicationMayNotCreateAnythingNorUseTemporaryTables() {
        assertThat(admin.sql("""
                        SELECT has_database_privilege('bazaar_app', current_database(), 'CREATE')
                            OR has_database_privilege('bazaar_app', current_database(), 'TEMPORARY')
                            OR has_schema_privilege('bazaar_app', 'public', 'CREATE')
                            OR NOT has_schema_privilege('bazaar_app', 'public', 'USAGE')""")
                .query(Boolean.class).single()).isFalse();
        assertThat(admin.sql("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'bazaar_audit'").query(Boolean.class)
                .single()).as("nobody logs in as bazaar_audit").isFalse();
    }
}
