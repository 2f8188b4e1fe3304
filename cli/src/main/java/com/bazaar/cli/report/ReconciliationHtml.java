package com.bazaar.cli.report;

import com.bazaar.domain.reconciliation.Category;
import com.bazaar.domain.reconciliation.ReconItem;
import com.bazaar.domain.reconciliation.Reconciliations;
import com.bazaar.domain.reconciliation.application.ReconciliationReport;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.MoneyTotal;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A reconciliation run (or the trend of a range of runs) as one self-contained HTML page for finance: no script, no
 * network, inline CSS and SVG, so it opens from a mail attachment or a shared drive and prints. A run's page has its
 * header, a waterfall chart per payout and currency, the discrepancy categories as a bar chart linking to their items,
 * and the lines that could not be read. Every text that came from a file, a provider or a user is escaped
 * ({@link #escape}); a Content-Security-Policy that allows no script backs that up.
 */
public final class ReconciliationHtml {

    private ReconciliationHtml() {
    }

    private static final String STYLE = """
            :root { --ink: #1d2430; --muted: #5b6473; --line: #d7dce3; --up: #2f7d4f; --down: #b4452f;
                    --total: #3a5f9a; --bad: #c0261b; --bar: #6b7fa6; }
            * { box-sizing: border-box; }
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
                   margin: 2rem auto; max-width: 1100px; padding: 0 1rem; }
            h1 { font-size: 1.5rem; margin: 0 0 .5rem; } h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
            h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
            dl.header { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
            dl.header dt { color: var(--muted); } dl.header dd { margin: 0; overflow-wrap: anywhere; }
            table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
            th, td { border-bottom: 1px solid var(--line); padding: .25rem .5rem; text-align: left;
                     vertical-align: top; }
            th { background: #f3f5f8; font-weight: 600; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            code, .raw { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9em;
                         overflow-wrap: anywhere; white-space: pre-wrap; }
            .muted { color: var(--muted); } .bad { color: var(--bad); font-weight: 600; }
            .ok { color: var(--up); font-weight: 600; }
            section.payout { break-inside: avoid; page-break-inside: avoid; }
            svg { display: block; max-width: 100%; height: auto; }
            svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
            .up { fill: var(--up); } .down { fill: var(--down); } .total { fill: var(--total); }
            .gap { fill: var(--bad); } .bar { fill: var(--bar); } .axis { stroke: var(--muted); stroke-width: 1; }
            .connector { stroke: var(--muted); stroke-dasharray: 3 3; }
            nav a { margin-right: 1rem; }
            @media print {
              body { margin: 0; max-width: none; font-size: 11px; } nav { display: none; }
              a { color: inherit; text-decoration: none; } h2 { break-after: avoid; }
              table, svg { break-inside: avoid; } * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
            }
            """;

    /** The page of one run. */
    public static String run(ReconciliationReport.Detailed detailed, Instant generatedAt, String generatedBy) {
        var header = detailed.header();
        var report = detailed.report();
        StringBuilder html = new StringBuilder(16_384);
        open(html, "Reconciliation run " + header.runId() + " (" + header.provider() + ")");
        html.append("<header><h1>Reconciliation run ").append(header.runId()).append("</h1>\n<dl class=\"header\">\n");
        field(html, "Provider", header.provider());
        field(html, "File", header.fileName());
        html.append("<dt>Checksum (SHA-256)</dt><dd><code>").append(escape(header.fileSha256())).append("</code></dd>\n");
        field(html, "Payout date", header.payoutDate().map(LocalDate::toString)
                .orElse("not given (the payouts' own dates are below)"));
        field(html, "Run by", header.ranBy().orElse("unknown (no audit record)"));
        field(html, "Run at", header.ranAt().map(ReconciliationHtml::time).orElse(time(header.createdAt())));
        field(html, "Status", header.status().name() + header.supersededBy().map(r -> ", superseded by run " + r)
                .orElse(""));
        field(html, "Supersedes", header.supersedes().map(r -> "run " + r).orElse("no run"));
        field(html, "Lines that could not be read", Long.toString(report.problems()));
        field(html, "Generated", time(generatedAt) + " by " + generatedBy);
        html.append("</dl></header>\n");
        html.append("<nav><a href=\"#payouts\">Payouts</a><a href=\"#discrepancies\">Discrepancies</a>"
                + "<a href=\"#balances\">Per currency</a><a href=\"#unreadable\">Unreadable lines</a></nav>\n");

        payouts(html, report.waterfalls(), detailed.payoutDates());
        discrepancies(html, report, detailed.references(), detailed.atStake());
        balances(html, report.balances());
        unreadable(html, detailed.problems(), report.problems());
        return close(html);
    }

    /** The page of the discrepancies per day of a range of runs. */
    public static String trend(ReconciliationReport.Trend trend, Instant generatedAt, String generatedBy) {
        StringBuilder html = new StringBuilder(8_192);
        open(html, "Reconciliation discrepancies " + trend.from() + " to " + trend.to());
        html.append("<header><h1>Reconciliation discrepancies, ").append(trend.from()).append(" to ")
                .append(trend.to()).append("</h1>\n<dl class=\"header\">\n");
        field(html, "Runs", "classified runs begun on these days (UTC); superseded runs left out");
        field(html, "Generated", time(generatedAt) + " by " + generatedBy);
        html.append("</dl></header>\n");
        Map<LocalDate, Map<Category, Reconciliations.DayDiscrepancies>> byDay = new TreeMap<>();
        for (var d : trend.days()) {
            byDay.computeIfAbsent(d.day(), k -> new EnumMap<>(Category.class)).put(d.category(), d);
        }
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = trend.from(); !day.isAfter(trend.to()); day = day.plusDays(1)) {
            days.add(day);
        }
        long max = 1;
        for (var perDay : byDay.values()) {
            max = Math.max(max, perDay.values().stream().mapToLong(Reconciliations.DayDiscrepancies::count).sum());
        }
        int width = 900;
        int height = 260;
        int left = 48;
        int bottom = 40;
        double slot = (width - left - 10) / (double) Math.max(1, days.size());
        html.append("<h2 id=\"trend\">Discrepancies per day</h2>\n");
        html.append("<svg class=\"trend\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" aria-labelledby=\"trend-title\"><title id=\"trend-title\">Discrepancies per day, ")
                .append(trend.from()).append(" to ").append(trend.to()).append("</title>\n");
        html.append(line(left, height - bottom, width - 10, height - bottom, "axis"));
        html.append("<text x=\"4\" y=\"16\">").append(max).append("</text><text x=\"4\" y=\"")
                .append(height - bottom).append("\">0</text>\n");
        for (int i = 0; i < days.size(); i++) {
            LocalDate day = days.get(i);
            long total = byDay.getOrDefault(day, Map.of()).values().stream()
                    .mapToLong(Reconciliations.DayDiscrepancies::count).sum();
            long open = byDay.getOrDefault(day, Map.of()).values().stream()
                    .mapToLong(Reconciliations.DayDiscrepancies::open).sum();
            double h = (height - bottom - 20) * total / (double) max;
            double x = left + i * slot + slot * 0.15;
            html.append(String.format(Locale.ROOT, "<rect class=\"bar\" data-day=\"%s\" x=\"%.1f\" y=\"%.1f\""
                            + " width=\"%.1f\" height=\"%.1f\"><title>%s: %d discrepancies, %d still open</title></rect>%n",
                    day, x, height - bottom - h, slot * 0.7, h, day, total, open));
            if (days.size() <= 31 || i % Math.max(1, days.size() / 12) == 0) {
                html.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>%n", x,
                        height - bottom + 16, day.toString().substring(5)));
            }
        }
        html.append("</svg>\n");
        html.append("<h2>Per day and category</h2>\n<table><thead><tr><th scope=\"col\">Day</th>"
                + "<th scope=\"col\">Category</th><th scope=\"col\" class=\"num\">Discrepancies</th>"
                + "<th scope=\"col\" class=\"num\">Still open</th></tr></thead><tbody>\n");
        if (trend.days().isEmpty()) {
            html.append("<tr><td colspan=\"4\" class=\"muted\">No discrepancies in runs begun on these days.</td></tr>\n");
        }
        for (var d : trend.days()) {
            html.append("<tr><td>").append(d.day()).append("</td><td>").append(d.category().name())
                    .append("</td><td class=\"num\">").append(d.count()).append("</td><td class=\"num\">")
                    .append(d.open()).append("</td></tr>\n");
        }
        html.append("</tbody></table>\n");
        return close(html);
    }

    // ---- sections of a run ----

    private static void payouts(StringBuilder html, List<Reconciliations.Waterfall> waterfalls,
                                Map<String, LocalDate> dates) {
        html.append("<h2 id=\"payouts\">Payouts</h2>\n<p class=\"muted\">Each payout as a waterfall: gross, less fees,"
                + " refunds and chargebacks, plus adjustments, is what should have been paid out; beside it what was."
                + " Amounts in major units of the payout's currency.</p>\n");
        if (waterfalls.isEmpty()) {
            html.append("<p>No payout lines in this file.</p>\n");
        }
        int n = 0;
        for (var w : waterfalls) {
            CurrencyCode currency = CurrencyCode.of(w.currency());
            String id = "payout-" + (++n);
            html.append("<section class=\"payout\" id=\"").append(id).append("\" data-payout=\"")
                    .append(escape(w.payoutId())).append("\" data-currency=\"").append(escape(w.currency()))
                    .append("\">\n<h3>Payout ").append(escape(w.payoutId())).append(" (").append(escape(w.currency()))
                    .append(")").append(Optional.ofNullable(dates.get(w.payoutId())).map(d -> ", " + d).orElse(""))
                    .append(w.addsUp() ? " <span class=\"ok\">adds up</span>"
                            : " <span class=\"bad\">does not add up</span>").append("</h3>\n");
            waterfall(html, id, w, currency);
            html.append("<table class=\"waterfall-figures\"><thead><tr><th scope=\"col\">Step</th>"
                    + "<th scope=\"col\" class=\"num\">Amount (").append(escape(w.currency()))
                    .append(")</th></tr></thead><tbody>\n");
            row(html, "Gross", major(w.gross(), currency), "gross");
            row(html, "Fees", major(w.fees().negate(), currency), "fees");
            row(html, "Refunds", major(w.refunds().negate(), currency), "refunds");
            row(html, "Chargebacks", major(w.chargebacks().negate(), currency), "chargebacks");
            row(html, "Adjustments", major(w.adjustments(), currency), "adjustments");
            row(html, "Expected payout", major(w.expected(), currency), "expected");
            row(html, "Paid out", w.payout().map(p -> major(p, currency)).orElse("no payout line"), "paid-out");
            w.payout().filter(p -> !w.addsUp()).ifPresent(p -> row(html, "Difference (paid out - expected)",
                    major(p.subtract(w.expected()), currency), "difference"));
            html.append("</tbody></table>\n</section>\n");
        }
    }

    /** An SVG waterfall: steps from gross down to the expected payout, then the payout, the gap highlighted. */
    private static void waterfall(StringBuilder html, String id, Reconciliations.Waterfall w, CurrencyCode currency) {
        record Step(String label, BigInteger from, BigInteger to, String kind) {
        }
        List<Step> steps = new ArrayList<>();
        BigInteger at = BigInteger.ZERO;
        BigInteger[] moves = {w.gross(), w.fees().negate(), w.refunds().negate(), w.chargebacks().negate(),
            w.adjustments()};
        String[] labels = {"Gross", "Fees", "Refunds", "Chargebacks", "Adjustments"};
        for (int i = 0; i < moves.length; i++) {
            BigInteger next = at.add(moves[i]);
            steps.add(new Step(labels[i], at, next, moves[i].signum() >= 0 ? "up" : "down"));
            at = next;
        }
        steps.add(new Step("Expected", BigInteger.ZERO, w.expected(), "total"));
        w.payout().ifPresent(p -> steps.add(new Step("Paid out", BigInteger.ZERO, p, "total")));
        w.payout().filter(p -> !w.addsUp()).ifPresent(p -> steps.add(new Step("Difference", w.expected(), p, "gap")));
        double lowest = 0;
        double highest = 0;
        for (Step s : steps) {
            lowest = Math.min(lowest, Math.min(s.from().doubleValue(), s.to().doubleValue()));
            highest = Math.max(highest, Math.max(s.from().doubleValue(), s.to().doubleValue()));
        }
        double max = highest;
        double span = highest - lowest == 0 ? 1 : highest - lowest;
        int width = 900;
        int height = 280;
        int top = 20;
        int bottom = 50;
        double plot = height - top - bottom;
        double slot = (width - 20) / (double) steps.size();
        java.util.function.DoubleUnaryOperator y = v -> top + (max - v) / span * plot;
        html.append("<svg class=\"waterfall\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" aria-labelledby=\"").append(id).append("-title\"><title id=\"").append(id)
                .append("-title\">Waterfall of payout ").append(escape(w.payoutId())).append(" in ")
                .append(escape(w.currency())).append(": gross ").append(major(w.gross(), currency))
                .append(", expected ").append(major(w.expected(), currency)).append(", paid out ")
                .append(w.payout().map(p -> major(p, currency)).orElse("none")).append("</title>\n");
        html.append(line(10, y.applyAsDouble(0), width - 10, y.applyAsDouble(0), "axis"));
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            double y1 = y.applyAsDouble(Math.max(s.from().doubleValue(), s.to().doubleValue()));
            double y2 = y.applyAsDouble(Math.min(s.from().doubleValue(), s.to().doubleValue()));
            double x = 10 + i * slot + slot * 0.15;
            String amount = major(s.to().subtract(s.from()), currency);
            html.append(String.format(Locale.ROOT, "<rect class=\"%s\" data-step=\"%s\" x=\"%.1f\" y=\"%.1f\""
                            + " width=\"%.1f\" height=\"%.1f\"><title>%s: %s %s</title></rect>%n", s.kind(),
                    s.label().toLowerCase(Locale.ROOT).replace(' ', '-'), x, y1, slot * 0.7, Math.max(1, y2 - y1),
                    s.label(), amount, escape(w.currency())));
            html.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>%n", x, height - bottom + 18,
                    s.label()));
            html.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\"%s>%s</text>%n", x, height - bottom + 34,
                    s.kind().equals("gap") ? " class=\"bad\"" : "", amount));
            if (i + 1 < steps.size() && !s.kind().equals("total") && !s.kind().equals("gap")) {
                double level = y.applyAsDouble(s.to().doubleValue());
                html.append(line(x + slot * 0.7, level, x + slot, level, "connector"));
            }
        }
        html.append("</svg>\n");
    }

    private static void discrepancies(StringBuilder html, ReconciliationReport.Report report,
                                      Map<Long, String> references, List<Reconciliations.AtStake> atStake) {
        html.append("<h2 id=\"discrepancies\">Discrepancies</h2>\n");
        Map<Category, long[]> counts = new EnumMap<>(Category.class);
        Map<Category, Map<String, BigInteger>> amounts = new EnumMap<>(Category.class);
        for (var s : report.summary()) {
            if (!s.category().discrepancy()) {
                continue;
            }
            counts.computeIfAbsent(s.category(), c -> new long[1])[0] += s.count();
        }
        for (var a : atStake) {
            amounts.computeIfAbsent(a.category(), c -> new LinkedHashMap<>()).merge(a.currency().value(), a.minor(),
                    BigInteger::add);
        }
        if (counts.isEmpty()) {
            html.append("<p class=\"ok\">No discrepancies: every line and payment matched.</p>\n");
        } else {
            long max = counts.values().stream().mapToLong(c -> c[0]).max().orElse(1);
            int rowHeight = 28;
            int width = 900;
            int labelWidth = 220;
            html.append("<svg class=\"categories\" viewBox=\"0 0 ").append(width).append(' ')
                    .append(counts.size() * rowHeight + 10).append("\" role=\"img\" aria-labelledby=\"categories-title\">"
                            + "<title id=\"categories-title\">Discrepancies per category (count)</title>\n");
            int i = 0;
            for (var e : counts.entrySet()) {
                Category category = e.getKey();
                long count = e.getValue()[0];
                double w = (width - labelWidth - 160) * count / (double) max;
                int y = 5 + i++ * rowHeight;
                String amount = amounts(amounts.getOrDefault(category, Map.of()));
                html.append("<a href=\"#cat-").append(category.name()).append("\">")
                        .append(String.format(Locale.ROOT, "<rect class=\"bar\" data-category=\"%s\" x=\"%d\" y=\"%d\""
                                        + " width=\"%.1f\" height=\"%d\"><title>%s: %d, %s</title></rect>",
                                category.name(), labelWidth, y, Math.max(1, w), rowHeight - 8, category.name(), count,
                                amount))
                        .append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">%s</text>", y + 15, category.name()))
                        .append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%d · %s</text>",
                                labelWidth + Math.max(1, w) + 6, y + 15, count, amount))
                        .append("</a>\n");
            }
            html.append("</svg>\n");
        }
        html.append("<p class=\"muted\">Each bar: how many, and what they put at stake (the distance between what"
                + " Bazaar expected and what was settled, summed per currency; a side missing counts whole), in major"
                + " units. Click a bar for its items.</p>\n");
        Map<Category, List<ReconItem>> items = new EnumMap<>(Category.class);
        for (ReconItem item : report.items()) {
            if (item.category().discrepancy()) {
                items.computeIfAbsent(item.category(), c -> new ArrayList<>()).add(item);
            }
        }
        for (Category category : counts.keySet()) {
            List<ReconItem> list = items.getOrDefault(category, List.of());
            html.append("<h3 id=\"cat-").append(category.name()).append("\">").append(category.name()).append(" (")
                    .append(counts.get(category)[0]).append(")</h3>\n");
            if (list.size() < counts.get(category)[0]) {
                html.append("<p class=\"muted\">").append(list.size()).append(" of ").append(counts.get(category)[0])
                        .append(" shown (recon report --limit N shows more).</p>\n");
            }
            html.append("<table class=\"items\"><thead><tr><th scope=\"col\">Reference</th>"
                    + "<th scope=\"col\" class=\"num\">Line</th><th scope=\"col\" class=\"num\">Expected</th>"
                    + "<th scope=\"col\" class=\"num\">Actual</th><th scope=\"col\">Difference</th>"
                    + "<th scope=\"col\">Status</th><th scope=\"col\">Resolution</th><th scope=\"col\">Resolved by</th>"
                    + "<th scope=\"col\">Approved by</th></tr></thead><tbody>\n");
            for (ReconItem item : list) {
                Optional<CurrencyCode> currency = item.currency().map(CurrencyCode::of);
                html.append("<tr data-item=\"").append(item.id()).append("\"><td class=\"raw\">")
                        .append(escape(Optional.ofNullable(references.get(item.id()))
                                .orElse(item.payment().map(p -> "payment " + p).orElse("-"))))
                        .append("</td><td class=\"num\">").append(item.line().map(String::valueOf).orElse("-"))
                        .append("</td><td class=\"num\">").append(amount(item.expectedMinor(), currency))
                        .append("</td><td class=\"num\">").append(amount(item.actualMinor(), currency))
                        .append("</td><td>").append(escape(item.difference()))
                        .append("</td><td>").append(item.status().name())
                        .append("</td><td>").append(item.resolution().map(Enum::name).orElse("-"))
                        .append(item.reason().map(r -> "<br><span class=\"muted\">" + escape(r) + "</span>").orElse(""))
                        .append("</td><td>").append(escape(item.resolvedBy().orElse("-")))
                        .append("</td><td>").append(escape(item.approvedBy().orElse("-")))
                        .append("</td></tr>\n");
            }
            html.append("</tbody></table>\n");
        }
    }

    private static void balances(StringBuilder html, List<Reconciliations.Balance> balances) {
        html.append("<h2 id=\"balances\">Per currency</h2>\n<table><thead><tr><th scope=\"col\">Currency</th>"
                + "<th scope=\"col\" class=\"num\">Settled</th><th scope=\"col\" class=\"num\">Paid out</th>"
                + "<th scope=\"col\" class=\"num\">Left at the provider</th></tr></thead><tbody>\n");
        for (var b : balances) {
            html.append("<tr><td>").append(b.currency().value()).append("</td><td class=\"num\">")
                    .append(b.settled().decimal()).append("</td><td class=\"num\">").append(b.paidOut().decimal())
                    .append("</td><td class=\"num\">").append(b.left().decimal()).append("</td></tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    private static void unreadable(StringBuilder html, List<Reconciliations.Problem> problems, long total) {
        html.append("<h2 id=\"unreadable\">Lines that could not be read (").append(total).append(")</h2>\n");
        if (problems.isEmpty()) {
            html.append("<p>None.</p>\n");
            return;
        }
        if (problems.size() < total) {
            html.append("<p class=\"muted\">The first ").append(problems.size()).append(" of ").append(total)
                    .append(" (bazaar recon problems RUN lists them all).</p>\n");
        }
        html.append("<table class=\"unreadable\"><thead><tr><th scope=\"col\" class=\"num\">Line</th>"
                + "<th scope=\"col\">Reason</th><th scope=\"col\">Text of the line</th></tr></thead><tbody>\n");
        for (var p : problems) {
            html.append("<tr><td class=\"num\">").append(p.line()).append("</td><td>").append(escape(p.reason()))
                    .append("</td><td class=\"raw\">").append(escape(p.raw())).append("</td></tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    // ---- helpers ----

    private static void open(StringBuilder html, String title) {
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                // no script, no fetch: a hostile text that escaped the escaping still could not run
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
                        + " style-src 'unsafe-inline'; img-src data:\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
    }

    private static String close(StringBuilder html) {
        return html.append("</body>\n</html>\n").toString();
    }

    private static void field(StringBuilder html, String name, String value) {
        html.append("<dt>").append(escape(name)).append("</dt><dd>").append(escape(value)).append("</dd>\n");
    }

    private static void row(StringBuilder html, String step, String amount, String kind) {
        html.append("<tr data-step=\"").append(kind).append("\"><th scope=\"row\">").append(step)
                .append("</th><td class=\"num\">").append(escape(amount)).append("</td></tr>\n");
    }

    private static String line(double x1, double y1, double x2, double y2, String kind) {
        return String.format(Locale.ROOT, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>%n",
                kind, x1, y1, x2, y2);
    }

    private static String major(BigInteger minor, CurrencyCode currency) {
        return new MoneyTotal(minor, currency).decimal();
    }

    private static String amount(Optional<Long> minor, Optional<CurrencyCode> currency) {
        if (minor.isEmpty()) {
            return "-";
        }
        return currency.map(c -> major(BigInteger.valueOf(minor.get()), c) + " " + c.value())
                .orElse(minor.get() + " (minor units)");
    }

    private static String amounts(Map<String, BigInteger> byCurrency) {
        if (byCurrency.isEmpty()) {
            return "no amount";
        }
        List<String> parts = new ArrayList<>();
        byCurrency.forEach((code, minor) -> parts.add(major(minor, CurrencyCode.of(code)) + " " + code));
        return escape(String.join(", ", parts));
    }

    private static String time(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * Text as HTML text or attribute content: the five characters HTML gives a meaning escaped, and control
     * characters (which HTML forbids, and a terminal would obey) shown as U+FFFD.
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\t' && c != '\n' || c == 0x7f || (c >= 0x80 && c < 0xa0)
                        ? '\ufffd' : c);
            }
        }
        return out.toString();
    }
}
