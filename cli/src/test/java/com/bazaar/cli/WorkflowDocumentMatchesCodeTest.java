package com.bazaar.cli;

import com.bazaar.domain.seller.SellerStatus;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The state diagrams in docs/workflow.md draw exactly the transitions the code allows. */
class WorkflowDocumentMatchesCodeTest {

    private static final Pattern EDGE = Pattern.compile("^\\s*(\\w+)\\s*-->\\s*(\\w+)\\s*$", Pattern.MULTILINE);

    static Set<String> diagramEdges(String heading) throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "workflow.md"));
        int section = doc.indexOf("\n" + heading + "\n");
        assertThat(section).as("docs/workflow.md has a section " + heading).isNotNegative();
        int start = doc.indexOf("```mermaid", section);
        int end = doc.indexOf("```", start + 10);
        Matcher m = EDGE.matcher(doc.substring(start, end));
        Set<String> edges = new HashSet<>();
        while (m.find()) {
            if (!m.group(1).equals("[") && !m.group(1).isBlank()) {
                edges.add(m.group(1) + "->" + m.group(2));
            }
        }
        return edges;
    }

    private static <E extends Enum<E>> Set<String> edges(E[] values, java.util.function.Function<E, Set<E>> next) {
        Set<String> expected = new HashSet<>();
        for (E from : values) {
            for (E to : next.apply(from)) {
                expected.add(from + "->" + to);
            }
        }
        return expected;
    }

    @Test
    void productDiagramMatchesTheTransitionTable() throws Exception {
        assertThat(diagramEdges("## Product")).isEqualTo(edges(
                com.bazaar.domain.catalog.ProductStatus.values(), com.bazaar.domain.catalog.ProductStatus::next));
    }

    @Test
    void orderDiagramMatchesTheTransitionTable() throws Exception {
        assertThat(diagramEdges("## Order")).isEqualTo(edges(
                com.bazaar.domain.order.OrderStatus.values(), com.bazaar.domain.order.OrderStatus::next));
    }

    @Test
    void paymentDiagramMatchesTheTransitionTable() throws Exception {
        assertThat(diagramEdges("## Payment")).isEqualTo(edges(
                com.bazaar.domain.payment.PaymentStatus.values(), com.bazaar.domain.payment.PaymentStatus::next));
    }

    @Test
    void sellerDiagramMatchesTheTransitionTable() throws Exception {
        Set<String> expected = new HashSet<>();
        for (SellerStatus from : SellerStatus.values()) {
            for (SellerStatus to : from.next()) {
                expected.add(from + "->" + to);
            }
        }
        assertThat(diagramEdges("## Seller")).isEqualTo(expected);
    }
}
