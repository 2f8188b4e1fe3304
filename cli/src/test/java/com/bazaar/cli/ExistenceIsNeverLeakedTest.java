package com.bazaar.cli;

import com.bazaar.domain.identity.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seller user cannot tell another seller's things from things that do not exist: for every command that takes an
 * id or a key, asking for another seller's gives exactly the exit code and the sentence that a missing one gives (the
 * id itself aside). Things named by id (orders, payments, jobs) do not exist for it: exit 5; things named by seller
 * code are outside its scope whether that seller exists or not: exit 3. Both attempts are audited alike, nothing of
 * the other seller changes, and a missing job id is exit 5 for everybody (it was an unexpected failure).
 */
class ExistenceIsNeverLeakedTest {

    private static final String MISSING_ID = "999999";

    @TempDir
    static Path home;
    private static TestBazaar bazaar;
    private static String acme;
    private static String orderId;
    private static String paymentId;
    private static String jobId;

    @BeforeAll
    static void setUp() throws Exception {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.seller("GLOBEX", "EUR");
        acme = bazaar.user("acme-ops", Role.SELLER, "ACME");
        bazaar.product("GLOBEX", "G-1", "5.00", 10);
        var placed = bazaar.order("globex-1", "GLOBEX", "G-1:1").order();
        orderId = placed.order().id().toString();
        paymentId = placed.payment().orElseThrow().id().toString();
        Path file = home.resolve("globex.csv");
        Files.writeString(file, "sku,title,price\nG-2,Two,2.00\n");
        var plan = bazaar.cli(bazaar.adminToken(), "job", "run", "catalog-import", "--seller", "GLOBEX", "--file",
                file.toString());
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        jobId = bazaar.jdbc.sql("SELECT max(job_execution_id) FROM batch_job_execution").query(Long.class).single()
                .toString();
    }

    /** Each command with ID where the thing's id goes. */
    private static final List<List<String>> BY_ID = List.of(
            List.of("order", "show", "ID"),
            List.of("order", "ship", "ID"),
            List.of("order", "deliver", "ID"),
            List.of("order", "cancel", "ID", "--reason", "probe"),
            List.of("payment", "show", "ID"),
            List.of("payment", "authorize", "ID"),
            List.of("payment", "capture", "ID"),
            List.of("payment", "void", "ID"),
            List.of("refund", "list", "--payment", "ID"),
            List.of("refund", "create", "--payment", "ID", "--amount", "1.00", "--reason", "probe",
                    "--idempotency-key", "probe"),
            List.of("job", "status", "ID"),
            List.of("job", "stop", "ID"),
            List.of("job", "restart", "ID"),
            List.of("recon", "report", "ID"),
            List.of("recon", "resolve", "ID", "--resolution", "accepted", "--reason", "probe"),
            List.of("recon", "approve", "ID"));

    /** Each command with SELLER and SKU where the other seller's code and SKU go. */
    private static final List<List<String>> BY_KEY = List.of(
            List.of("seller", "show", "SELLER"),
            List.of("product", "show", "--seller", "SELLER", "--sku", "SKU"),
            List.of("product", "list", "--seller", "SELLER"),
            List.of("product", "activate", "--seller", "SELLER", "--sku", "SKU"),
            List.of("product", "price", "set", "--seller", "SELLER", "--sku", "SKU", "--price", "1.00"),
            List.of("product", "create", "--seller", "SELLER", "--sku", "SKU", "--title", "T", "--price", "1.00"),
            List.of("inventory", "show", "--seller", "SELLER", "--sku", "SKU"),
            List.of("inventory", "adjust", "--seller", "SELLER", "--sku", "SKU", "--delta", "1", "--reason", "probe"),
            List.of("order", "list", "--seller", "SELLER"),
            List.of("discount", "list", "--seller", "SELLER"),
            List.of("discount", "create", "--seller", "SELLER", "--all", "--percent", "10"),
            List.of("price", "quote", "--seller", "SELLER", "--line", "SKU:1"),
            List.of("order", "place", "--idempotency-key", "probe", "--buyer", "b", "--seller", "SELLER", "--line",
                    "SKU:1"));

    private static TestBazaar.Run run(String token, List<String> template, String... replacements) {
        String[] args = template.stream().map(a -> {
            for (int i = 0; i < replacements.length; i += 2) {
                if (a.equals(replacements[i])) {
                    return replacements[i + 1];
                }
                if (a.startsWith(replacements[i] + ":")) {
                    return replacements[i + 1] + a.substring(replacements[i].length());
                }
            }
            return a;
        }).toArray(String[]::new);
        return bazaar.cli(token, args);
    }

    private static String normalised(String text, String... values) {
        String out = text;
        for (String v : values) {
            out = out.replaceAll("\\b" + java.util.regex.Pattern.quote(v) + "\\b", "<X>");
        }
        return out;
    }

    private static String otherId(List<String> command) {
        return switch (command.get(0)) {
            case "order", "recon" -> orderId;
            case "payment", "refund" -> paymentId;
            case "job" -> jobId;
            default -> throw new IllegalArgumentException(command.toString());
        };
    }

    @Test
    void anotherSellersIdGetsExactlyTheAnswerOfAMissingId() {
        for (List<String> command : BY_ID) {
            String other = otherId(command);
            long auditBefore = bazaar.auditCount();
            var theirs = run(acme, command, "ID", other);
            long auditedTheirs = bazaar.auditCount() - auditBefore;
            var missing = run(acme, command, "ID", MISSING_ID);
            long auditedMissing = bazaar.auditCount() - auditBefore - auditedTheirs;
            assertThat(theirs.exitCode()).as(command + "\n" + theirs + "\n" + missing).isEqualTo(missing.exitCode())
                    .isIn(ExitCode.NOT_FOUND, ExitCode.DENIED);
            assertThat(normalised(theirs.err(), other)).as(command.toString())
                    .isEqualTo(normalised(missing.err(), MISSING_ID)).hasLineCount(1);
            assertThat(normalised(theirs.out(), other)).as(command.toString())
                    .isEqualTo(normalised(missing.out(), MISSING_ID));
            assertThat(auditedTheirs).as("audited alike: " + command).isEqualTo(auditedMissing).isEqualTo(1);
        }
    }

    @Test
    void whatASellerUserMayViewByIdIsNotFoundWhenItIsAnotherSellers() {
        for (List<String> command : List.of(List.of("order", "show", "ID"), List.of("order", "ship", "ID"),
                List.of("payment", "show", "ID"), List.of("refund", "list", "--payment", "ID"),
                List.of("job", "status", "ID"))) {
            var theirs = run(acme, command, "ID", otherId(command));
            assertThat(theirs.exitCode()).as(command + "\n" + theirs).isEqualTo(ExitCode.NOT_FOUND);
            assertThat(theirs.err()).endsWith("does not exist\n").doesNotContain("permission");
        }
        assertThat(bazaar.jdbc.sql("SELECT status FROM orders WHERE id = " + orderId).query(String.class).single())
                .isEqualTo("PLACED");
    }

    @Test
    void anotherSellersCodeGetsExactlyTheAnswerOfAMissingSeller() {
        for (List<String> command : BY_KEY) {
            long auditBefore = bazaar.auditCount();
            var theirs = run(acme, command, "SELLER", "GLOBEX", "SKU", "G-1");
            long auditedTheirs = bazaar.auditCount() - auditBefore;
            var missing = run(acme, command, "SELLER", "NOSUCH", "SKU", "G-1");
            var missingSku = run(acme, command, "SELLER", "GLOBEX", "SKU", "NOPE");
            assertThat(theirs.exitCode()).as(command + "\n" + theirs + "\n" + missing).isEqualTo(missing.exitCode())
                    .isEqualTo(missingSku.exitCode()).isEqualTo(ExitCode.DENIED);
            assertThat(normalised(theirs.err(), "GLOBEX", "G-1")).as(command.toString())
                    .isEqualTo(normalised(missing.err(), "NOSUCH", "G-1"))
                    .isEqualTo(normalised(missingSku.err(), "GLOBEX", "NOPE"));
            assertThat(auditedTheirs).as("audited: " + command).isEqualTo(1);
        }
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM products").query(Long.class).single()).isEqualTo(1);
        assertThat(bazaar.jdbc.sql("SELECT count(*) FROM discounts").query(Long.class).single()).isZero();
        assertThat(bazaar.stock("on_hand", "G-1")).isEqualTo(10);
    }

    @Test
    void aMissingJobIsNotFoundForEveryoneNeverAnUnexpectedFailure() {
        for (String verb : List.of("status", "stop", "restart")) {
            var run = bazaar.cli(bazaar.adminToken(), "job", verb, MISSING_ID);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.NOT_FOUND);
            assertThat(run.err()).isEqualTo("error: job execution 999999 does not exist\n");
        }
        var order = bazaar.cli(bazaar.adminToken(), "order", "show", MISSING_ID);
        assertThat(order.exitCode()).as(order.toString()).isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    void idsAndNumericOptionsAcceptTheAsciiDigitsOnly() {
        String fullwidth = Arrays.stream(orderId.split("")).map(d -> String.valueOf((char) ('０' + (d.charAt(0) - '0'))))
                .reduce("", String::concat);
        var order = bazaar.cli(bazaar.adminToken(), "order", "show", fullwidth);
        assertThat(order.exitCode()).as(order.toString()).isEqualTo(ExitCode.REJECTED);
        assertThat(order.err()).contains("written with the digits 0-9");
        var job = bazaar.cli(bazaar.adminToken(), "job", "status", "１");
        assertThat(job.exitCode()).as(job.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(job.err()).contains("'１' is not a whole number");
        var limit = bazaar.cli(bazaar.adminToken(), "order", "list", "--seller", "GLOBEX", "--limit", "１０");
        assertThat(limit.exitCode()).as(limit.toString()).isEqualTo(ExitCode.USAGE);
        var audit = bazaar.cli(bazaar.adminToken(), "audit", "log", "--limit", "٣");
        assertThat(audit.exitCode()).as(audit.toString()).isEqualTo(ExitCode.USAGE);
        var ascii = bazaar.cli(bazaar.adminToken(), "order", "list", "--seller", "GLOBEX", "--limit", "10");
        assertThat(ascii.exitCode()).as(ascii.toString()).isZero();
    }
}
