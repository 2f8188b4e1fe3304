package com.bazaar.cli;

import com.bazaar.domain.identity.Access;
import com.bazaar.domain.identity.AccessPolicy;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Role;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/rbac.md and AccessPolicy hold the same role x action matrix, cell for cell. */
class RbacDocumentMatchesCodeTest {

    private static final List<Role> COLUMNS = List.of(Role.ADMIN, Role.OPERATOR, Role.SELLER, Role.FINANCE, Role.SRE,
            Role.AUDITOR);

    static Map<String, List<String>> documentedMatrix() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "rbac.md"));
        String table = doc.substring(doc.indexOf("<!-- matrix:start -->"), doc.indexOf("<!-- matrix:end -->"));
        Map<String, List<String>> rows = new LinkedHashMap<>();
        List<String> lines = table.lines().filter(l -> l.startsWith("|")).toList();
        List<String> header = cells(lines.get(0));
        assertThat(header.subList(1, 7)).containsExactlyElementsOf(COLUMNS.stream().map(Role::label).toList());
        for (String line : lines.subList(2, lines.size())) {
            List<String> cells = cells(line);
            rows.put(cells.get(0), cells.subList(1, 7));
        }
        return rows;
    }

    private static List<String> cells(String line) {
        String inner = line.strip().substring(1, line.strip().length() - 1);
        return Arrays.stream(inner.split("\\|")).map(String::strip).toList();
    }

    @Test
    void everyActionInTheCodeIsDocumentedWithTheSameCells() throws Exception {
        Map<String, List<String>> documented = documentedMatrix();
        for (Action action : Action.values()) {
            assertThat(documented).as("docs/rbac.md has a row for " + action.code()).containsKey(action.code());
            List<String> expected = COLUMNS.stream().map(role -> AccessPolicy.cell(action, role).symbol()).toList();
            assertThat(documented.get(action.code())).as("row " + action.code()).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void theDocumentNamesNoActionTheCodeLacks() throws Exception {
        List<String> codes = Arrays.stream(Action.values()).map(Action::code).toList();
        assertThat(documentedMatrix().keySet()).allSatisfy(a -> assertThat(codes).as("action in docs").contains(a));
        assertThat(documentedMatrix().values()).allSatisfy(cells -> assertThat(cells)
                .allSatisfy(c -> assertThat(Arrays.stream(Access.values()).map(Access::symbol)).contains(c)));
    }
}
