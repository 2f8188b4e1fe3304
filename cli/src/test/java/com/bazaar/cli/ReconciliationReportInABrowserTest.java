package com.bazaar.cli;

import com.bazaar.domain.identity.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code recon report RUN --output html} writes one page a finance user opens in a browser: a waterfall per payout
 * (one that does not add up shows its difference), the discrepancies per category linking to their items, the lines
 * that could not be read, and hostile text from the settlement file shown as text, never run. The page is loaded in
 * a real headless Chromium (installed when missing and we are root, as scripts/test does): the DOM it builds is
 * checked, and a screenshot is kept in {@code cli/target/browser-artifacts/}. The range form draws the discrepancies
 * per day.
 */
class ReconciliationReportInABrowserTest {

    private static final String HOSTILE = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>";
    private static final Path ARTIFACTS = Path.of("target", "browser-artifacts");

    @TempDir
    Path home;
    private TestBazaar bazaar;
    private String finance;
    private long p1;
    private long p2;
    private final String today = LocalDate.now(ZoneOffset.UTC).toString();

    @BeforeEach
    void setUp() {
        bazaar = TestBazaar.initialised(home);
        bazaar.seller("ACME", "USD");
        bazaar.product("ACME", "MUG", "10.00", 100);
        p1 = paid("a", 1);
        p2 = paid("b", 2);
        finance = bazaar.user("fiona", Role.FINANCE, null);
    }

    private long paid(String key, int quantity) {
        var id = bazaar.order(key, "ACME", "MUG:" + quantity).order().payment().orElseThrow().id();
        bazaar.services.authorizePayment().authorize(bazaar.admin(), id);
        bazaar.services.capturePayment().capture(bazaar.admin(), id);
        return id.value();
    }

    private long reconcile() throws IOException {
        String d = today;
        Path file = home.resolve("settlement.csv");
        Files.writeString(file, "provider_reference,merchant_reference,type,gross,fee,net,currency,booking_date,payout_id\n"
                + "ch_1," + p1 + ",PAYMENT,10.00,0.30,9.70,USD," + d + ",po_good\n"
                + "ch_2," + p2 + ",PAYMENT,21.00,0.60,20.40,USD," + d + ",po_good\n"        // AMOUNT_MISMATCH
                + "\"" + HOSTILE.replace("\"", "\"\"") + "\",999999,PAYMENT,5.00,0.00,5.00,USD," + d + ",po_short\n"
                + "po_good,,PAYOUT,-30.10,0.00,-30.10,USD," + d + ",po_good\n"                // adds up
                + "po_short,,PAYOUT,-4.00,0.00,-4.00,USD," + d + ",po_short\n"                // 1.00 short
                + HOSTILE + ",this line is broken\n");
        var run = bazaar.cli(finance, "recon", "run", "--provider", "generic", "--file", file.toString(),
                "--payout-date", d);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return bazaar.jdbc.sql("SELECT max(run_id) FROM recon_runs").query(Long.class).single();
    }

    @Test
    void aFinanceUserOpensTheRunsReportInABrowser() throws Exception {
        long run = reconcile();
        Path page = home.resolve("report.html");
        var report = bazaar.cli(finance, "recon", "report", Long.toString(run), "--output", "html", "--out",
                page.toString());
        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(report.out()).as("the page goes to the file, nothing to stdout").isEmpty();
        String html = Files.readString(page, StandardCharsets.UTF_8);

        // self-contained and inert, whatever the file said
        assertThat(html).startsWith("<!DOCTYPE html>").contains("Content-Security-Policy")
                .contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;&lt;img src=x");
        assertThat(html.toLowerCase()).as("no script, no remote resource").doesNotContain("<script")
                .doesNotContain("<img").doesNotContain("src=\"http").doesNotContain("href=\"http");
        assertThat(count(html, "<svg class=\"waterfall\"")).as("one waterfall per payout").isEqualTo(2);
        assertThat(html).contains("Checksum (SHA-256)").contains("fiona").contains("Payout date</dt><dd>" + today)
                .contains("does not add up").contains("id=\"cat-AMOUNT_MISMATCH\"").contains("href=\"#cat-")
                .contains("<title>AMOUNT_MISMATCH: 1, 1.00 USD</title>").contains("<title>PAYOUT_MISMATCH: 1, 1.00 USD</title>")
                .contains("<title>MISSING_IN_LEDGER: 1, 5.00 USD</title>");

        // the same page in a real browser: the DOM it builds
        ArtifactsOf browser = chromium(page, "recon-report");
        String dom = browser.dom();
        assertThat(count(dom, "<svg class=\"waterfall\"")).as("waterfalls in the browser's DOM").isEqualTo(2);
        assertThat(dom).as("the title is the report's, not the file's").contains("<title>Reconciliation run " + run);
        assertThat(dom.toLowerCase()).as("the hostile reference stayed text").doesNotContain("<script")
                .doesNotContain("<img");
        assertThat(dom).contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;");
        assertThat(figure(dom, "po_good", "expected")).isEqualTo("30.10");
        assertThat(figure(dom, "po_good", "paid-out")).isEqualTo("30.10");
        assertThat(figure(dom, "po_short", "expected")).isEqualTo("5.00");
        assertThat(figure(dom, "po_short", "paid-out")).isEqualTo("4.00");
        assertThat(figure(dom, "po_short", "difference")).isEqualTo("-1.00");
        assertThat(dom).contains("this line is broken");
        assertThat(Files.size(browser.screenshot())).as("a screenshot").isGreaterThan(10_000);
        byte[] magic = Files.readAllBytes(browser.screenshot());
        assertThat(magic[1] == 'P' && magic[2] == 'N' && magic[3] == 'G').as("a PNG").isTrue();
    }

    @Test
    void theRangeFormDrawsTheDiscrepanciesPerDay() throws Exception {
        reconcile();
        Path page = home.resolve("trend.html");
        String from = LocalDate.parse(today).minusDays(6).toString();
        var trend = bazaar.cli(finance, "recon", "report", "--from", from, "--to", today, "--output", "html",
                "--out", page.toString());
        assertThat(trend.exitCode()).as(trend.toString()).isZero();
        String html = Files.readString(page);
        assertThat(count(html, "<rect class=\"bar\" data-day=")).as("a bar per day").isEqualTo(7);
        assertThat(html).contains("<td>" + today + "</td><td>AMOUNT_MISMATCH</td><td class=\"num\">1</td>");

        var noRun = bazaar.cli(finance, "recon", "report", "--output", "html");
        assertThat(noRun.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noRun.err()).contains("a run id is needed");
        var elsewhere = bazaar.cli(finance, "recon", "list", "--output", "html");
        assertThat(elsewhere.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(elsewhere.err()).contains("--output html is for 'bazaar recon report' only");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            n++;
        }
        return n;
    }

    /** The amount of a step in a payout's table of figures, as the DOM holds it. */
    private static String figure(String dom, String payout, String step) {
        int section = dom.indexOf("data-payout=\"" + payout + "\"");
        assertThat(section).as("payout %s", payout).isNotNegative();
        String rest = dom.substring(section, dom.indexOf("</section>", section));
        Matcher m = Pattern.compile("<tr data-step=\"" + step + "\"><th scope=\"row\">[^<]*</th><td class=\"num\">"
                + "([^<]*)</td>").matcher(rest);
        assertThat(m.find()).as("%s of %s", step, payout).isTrue();
        return m.group(1);
    }

    record ArtifactsOf(String dom, Path screenshot) {
    }

    /** Loads the page in headless Chromium: its DOM, and a screenshot kept under target/browser-artifacts. */
    private ArtifactsOf chromium(Path page, String name) throws Exception {
        Path browser = Path.of("/usr/bin/chromium");
        if (!Files.isExecutable(browser) && "root".equals(System.getProperty("user.name"))) {
            run(List.of("apt-get", "install", "-y", "-qq", "chromium"), 600); // as scripts/test does for tmux
        }
        assertThat(browser).as("Chromium (apt-get install chromium) loads the report").isExecutable();
        Files.createDirectories(ARTIFACTS);
        Path screenshot = ARTIFACTS.resolve(name + ".png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        String url = page.toUri().toString();
        String dom = run(flags(browser, "--dump-dom", url), 120);
        run(flags(browser, "--screenshot=" + screenshot, "--window-size=1280,2600", url), 120);
        Files.writeString(ARTIFACTS.resolve(name + ".dom.html"), dom);
        return new ArtifactsOf(dom, screenshot);
    }

    private List<String> flags(Path browser, String... more) throws IOException {
        List<String> command = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(home, "chromium-profile")));
        command.addAll(List.of(more));
        return command;
    }

    private String run(List<String> command, int seconds) throws Exception {
        Path out = Files.createTempFile(home, "process", ".out");
        Path err = Files.createTempFile(home, "process", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish in " + seconds + " s: " + Files.readString(err));
        }
        assertThat(process.exitValue()).as("%s: %s", command, Files.readString(err)).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
