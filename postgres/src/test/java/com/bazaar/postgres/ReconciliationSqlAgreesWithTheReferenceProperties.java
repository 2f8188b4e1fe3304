package com.bazaar.postgres;

import com.bazaar.domain.payment.PaymentStatus;
import com.bazaar.domain.payment.Refund;
import com.bazaar.domain.reconciliation.Category;
import com.bazaar.domain.reconciliation.ClassificationRules.LineType;
import com.bazaar.domain.reconciliation.ClassificationRules;
import com.bazaar.domain.reconciliation.ReconItem;
import com.bazaar.domain.reconciliation.Reconciliations;
import com.bazaar.domain.reconciliation.ReferenceClassifier.KnownPayment;
import com.bazaar.domain.reconciliation.ReferenceClassifier.KnownRefund;
import com.bazaar.domain.reconciliation.ReferenceClassifier;
import com.bazaar.domain.reconciliation.SettlementLine;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.Money;
import com.bazaar.testsupport.TestDatabase;
import com.bazaar.testsupport.TestDatabases;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One home per rule (docs/invariants.md): the set-based SQL of {@link JdbcReconciliations#classify} classifies
 * generated runs exactly as the domain's plain-Java {@link ReferenceClassifier} does - every item (category, payment,
 * expected and actual amounts, currency, status) and every payout waterfall. Runs mix payments in every status and
 * three currencies, refunds in every status, and lines of every type with duplicates, unknown, non-numeric,
 * zero-padded and over-long references, wrong amounts and currencies, fees, payouts that pay out exactly what their
 * waterfall expects (positive or negative) or not (PAYOUT_MISMATCH), some in several lines, captures on both sides
 * of the grace boundary and on both sides of the day after a booking (payments settled before their capture), and
 * reversals whose original is in the file (by merchant or provider reference), only in Bazaar, or nowhere; half
 * the tries first classify an earlier run whose lines settle some payments. Coverage checks make sure the new
 * cases keep occurring.
 */
class ReconciliationSqlAgreesWithTheReferenceProperties {

    private static final List<String> CURRENCIES = List.of("USD", "EUR", "JPY");
    private static TestDatabase database;
    private static JdbcClient jdbc;
    private static JdbcClient admin;
    private static JdbcReconciliations reconciliations;
    private static long keys;

    @BeforeContainer
    static void database() {
        database = TestDatabases.fresh();
        jdbc = new Database(database.dataSource()).jdbc();
        admin = new Database(database.adminDataSource()).jdbc();
        reconciliations = new JdbcReconciliations(new Database(database.dataSource()));
        for (String currency : CURRENCIES) {
            jdbc.sql("INSERT INTO sellers (code, name, currency, status, created_at, updated_at)"
                    + " VALUES (:code, 'Seller', :cur, 'ACTIVE', now(), now())")
                    .param("code", "S" + currency).param("cur", currency).update();
        }
    }

    /**
     * A payment to create: its capture is posted at a shape around the grace boundary (0: never posted - the
     * application posts every capture in the capture's transaction, so a captured payment without its posting is a
     * ledger written behind the application's back, and reconciliation must still classify it: MISSING_IN_SETTLEMENT),
     * or (6 to 9) around the start of the days after the lines' booking days (mostly today - 1 to today + 1, some
     * today - 3), where a payment line becomes SETTLED_BEFORE_CAPTURE.
     */
    record PaymentSpec(PaymentStatus status, boolean captured, String currency, long amount, int captureShape) {
    }

    /** A refund of the payment at {@code payment} (modulo), amount 0: the payment's, 1: half of it, 2: 100. */
    record RefundSpec(int payment, int amountShape, Refund.Status status) {
    }

    /**
     * A settlement line; each shape picks one way of being right or wrong. A PAYOUT line of amount shape 0 pays out
     * what its payout holds so far (the lines before it of its payout and currency), so its waterfall adds up unless a
     * later line changes it.
     */
    record LineSpec(LineType type, int referenceShape, int payment, int providerShape, int amountShape,
                    long randomAmount, long fee, int currencyShape, int payoutShape, int dateOffset) {
    }

    record Scenario(List<PaymentSpec> payments, List<RefundSpec> refunds, List<LineSpec> earlier,
                    List<LineSpec> current, int graceDays, Optional<Integer> asOfOffset) {
    }

    @Property(tries = 40)
    void theSqlClassifiesEveryRunAsTheReferenceDoes(@ForAll("scenarios") Scenario scenario) {
        Statistics.label("reversal").coverage(c -> {
            c.check(Category.MATCHED.name()).count((Integer n) -> n > 0);
            c.check(Category.MISSING_IN_LEDGER.name()).count((Integer n) -> n > 0);
        });
        Statistics.label("category").coverage(c -> c.check(Category.SETTLED_BEFORE_CAPTURE)
                .count((Integer n) -> n > 0));
        admin.sql("TRUNCATE recon_waterfalls, recon_items, settlement_problems, settlement_lines, recon_runs, refunds,"
                + " payments, orders CASCADE").update();
        LocalDate today = jdbc.sql("SELECT current_date").query(LocalDate.class).single();
        ZoneId zone = ZoneId.of(jdbc.sql("SELECT current_setting('TimeZone')").query(String.class).single());
        Optional<LocalDate> asOf = scenario.asOfOffset().map(today::plusDays);

        // the grace boundary of the current run, as the reference computes it, is where captures cluster
        List<KnownPayment> payments = new ArrayList<>();
        List<SettlementLine> currentLinesWithoutIds = lines(scenario.current(), List.of(), List.of(), today);
        LocalDate effective = asOf.orElse(currentLinesWithoutIds.stream().map(SettlementLine::bookingDate)
                .max(Comparator.naturalOrder()).orElse(today));
        Instant boundary = effective.minusDays(scenario.graceDays()).atStartOfDay(zone).toInstant();
        for (PaymentSpec p : scenario.payments()) {
            payments.add(insert(p, boundary, today, zone));
        }
        List<KnownRefund> refunds = new ArrayList<>();
        for (RefundSpec r : scenario.refunds()) {
            if (!payments.isEmpty()) {
                refunds.add(insert(r, payments.get(r.payment() % payments.size())));
            }
        }

        Set<Long> settledEarlier = new HashSet<>();
        if (!scenario.earlier().isEmpty()) {
            var earlier = new ReferenceClassifier.Run(lines(scenario.earlier(), payments, refunds, today), payments,
                    refunds, Set.of(), scenario.graceDays(), asOf, today, zone);
            var expected = ReferenceClassifier.classify(earlier);
            assertAgree(1, earlier, expected);
            expected.items().stream().filter(i -> i.line().isPresent())
                    .filter(i -> !ClassificationRules.NOT_SETTLING.contains(i.category()))
                    .forEach(i -> i.payment().ifPresent(settledEarlier::add));
        }
        var current = new ReferenceClassifier.Run(lines(scenario.current(), payments, refunds, today), payments,
                refunds, settledEarlier, scenario.graceDays(), asOf, today, zone);
        var result = ReferenceClassifier.classify(current);
        result.items().forEach(i -> Statistics.label("category").collect(i.category()));
        result.waterfalls().stream().filter(w -> w.payout().isPresent()).forEach(w -> Statistics.label("payout")
                .collect((w.addsUp() ? "adds up" : "does not add up") + (w.payout().get().signum() < 0
                        ? ", negative" : "")));
        result.items().stream().filter(i -> i.line().isPresent()).filter(i -> current.lines().stream()
                        .anyMatch(l -> l.line() == i.line().get() && LineType.valueOf(l.type()).reverses().isPresent()))
                .forEach(i -> Statistics.label("reversal").collect(i.category().name()));
        assertAgree(2, current, result);
    }

    private static void assertAgree(long runId, ReferenceClassifier.Run run, ReferenceClassifier.Result expected) {
        reconciliations.begin(runId, "generic", "0".repeat(64), "run-" + runId + ".csv", Instant.now());
        reconciliations.stage(runId, run.lines());
        reconciliations.classify(runId, run.graceDays(), run.asOf());
        List<ReferenceClassifier.Item> actual = reconciliations.items(runId, Optional.empty(), 100_000).stream()
                .map(ReconciliationSqlAgreesWithTheReferenceProperties::item).toList();
        assertThat(sorted(actual)).as("items of run %d: %s", runId, run).containsExactlyElementsOf(
                sorted(expected.items()));
        Comparator<Reconciliations.Waterfall> byPayout = Comparator.comparing(Reconciliations.Waterfall::payoutId)
                .thenComparing(Reconciliations.Waterfall::currency);
        assertThat(reconciliations.waterfalls(runId).stream().sorted(byPayout).toList())
                .as("waterfalls of run %d: %s", runId, run)
                .containsExactlyElementsOf(expected.waterfalls().stream().sorted(byPayout).toList());
    }

    private static ReferenceClassifier.Item item(ReconItem i) {
        return new ReferenceClassifier.Item(i.line(), i.payment(), i.category(), i.expectedMinor(), i.actualMinor(),
                i.currency(), i.status());
    }

    private static List<ReferenceClassifier.Item> sorted(List<ReferenceClassifier.Item> items) {
        return items.stream().sorted(Comparator.comparing((ReferenceClassifier.Item i) -> i.line().orElse(Long.MAX_VALUE))
                .thenComparing(i -> i.payment().orElse(0L))).toList();
    }

    private static KnownPayment insert(PaymentSpec p, Instant boundary, LocalDate today, ZoneId zone) {
        long order = jdbc.sql("INSERT INTO orders (seller_id, buyer, status, total_minor, currency, idempotency_key,"
                        + " placed_at, updated_at) SELECT id, 'buyer', 'PLACED', :amount, :cur, :key, now(), now()"
                        + " FROM sellers WHERE code = :seller RETURNING id")
                .param("amount", p.amount()).param("cur", p.currency()).param("key", "k" + ++keys)
                .param("seller", "S" + p.currency()).query(Long.class).single();
        long captured = p.captured() ? p.amount() : 0;
        long id = jdbc.sql("INSERT INTO payments (order_id, amount_minor, currency, status, in_flight, captured_minor,"
                        + " created_at, updated_at) VALUES (:order, :amount, :cur, :status, :inFlight, :captured, now(),"
                        + " now()) RETURNING id")
                .param("order", order).param("amount", p.amount()).param("cur", p.currency())
                .param("status", p.status().name()).param("inFlight", p.status().inDoubt() ? "CAPTURE" : null)
                .param("captured", captured).query(Long.class).single();
        Optional<Instant> capturedAt = switch (p.captureShape()) {
            case 1 -> Optional.of(boundary.minus(3, ChronoUnit.DAYS));
            case 2 -> Optional.of(boundary.minus(1, ChronoUnit.MICROS));
            case 3 -> Optional.of(boundary);
            case 4 -> Optional.of(boundary.plus(1, ChronoUnit.MICROS));
            case 5 -> Optional.of(boundary.plus(2, ChronoUnit.DAYS));
            // a line booked on today - 1 is settled before this capture: at the limit, and just before it
            case 6 -> Optional.of(today.plusDays(1).atStartOfDay(zone).toInstant());
            case 7 -> Optional.of(today.plusDays(1).atStartOfDay(zone).toInstant().minus(1, ChronoUnit.MICROS));
            case 8 -> Optional.of(today.plusDays(2).atStartOfDay(zone).toInstant());
            case 9 -> Optional.of(today.plusDays(3).atStartOfDay(zone).toInstant().plus(5, ChronoUnit.HOURS));
            default -> Optional.empty();
        };
        capturedAt.ifPresent(at -> jdbc.sql("INSERT INTO ledger_postings (transaction_ref, account, amount_minor,"
                        + " currency, posted_at) VALUES (:ref, 'provider:sim', :amount, :cur, :at),"
                        + " (:ref, 'seller:S1', -:amount, :cur, :at)")
                .param("ref", "capture:" + id).param("amount", p.amount()).param("cur", p.currency())
                .param("at", java.sql.Timestamp.from(at)).update());
        return new KnownPayment(id, p.status(), captured, new CurrencyCode(p.currency()), capturedAt);
    }

    private static KnownRefund insert(RefundSpec r, KnownPayment payment) {
        long amount = refundAmount(r.amountShape(), amountOf(payment));
        long id = jdbc.sql("INSERT INTO refunds (payment_id, amount_minor, currency, status, reason, idempotency_key,"
                        + " created_at, updated_at) VALUES (:p, :amount, :cur, :status, 'test', :key, now(), now())"
                        + " RETURNING id")
                .param("p", payment.id()).param("amount", amount).param("cur", payment.currency().value())
                .param("status", r.status().name()).param("key", "r" + ++keys).query(Long.class).single();
        return new KnownRefund(id, payment.id(), amount, r.status());
    }

    private static long amountOf(KnownPayment payment) {
        return jdbc.sql("SELECT amount_minor FROM payments WHERE id = :id").param("id", payment.id())
                .query(Long.class).single();
    }

    private static long refundAmount(int shape, long paymentAmount) {
        return switch (shape) {
            case 0 -> paymentAmount;
            case 1 -> Math.max(1, paymentAmount / 2);
            default -> 100;
        };
    }

    /** The settlement lines of the specs; references to payments resolve against {@code payments} (none: unknown). */
    private static List<SettlementLine> lines(List<LineSpec> specs, List<KnownPayment> payments,
                                              List<KnownRefund> refunds, LocalDate today) {
        List<SettlementLine> lines = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            LineSpec s = specs.get(i);
            Optional<KnownPayment> payment = payments.isEmpty() ? Optional.empty()
                    : Optional.of(payments.get(s.payment() % payments.size()));
            long paymentAmount = payment.map(p -> amountOf(p)).orElse(1000L);
            Optional<String> merchant = switch (s.referenceShape()) {
                case 0 -> Optional.of(payment.map(p -> Long.toString(p.id())).orElse("424242"));
                case 1 -> Optional.of(payment.map(p -> "00" + p.id()).orElse("00424242"));
                case 2 -> Optional.of("987654321");
                case 3 -> Optional.of("ref-" + s.payment());
                case 4 -> Optional.of("");
                case 5 -> Optional.of("1234567890123456789");
                default -> Optional.empty();
            };
            String provider = switch (s.providerShape()) {
                case 0 -> "tA";
                case 1 -> "tB";
                case 2 -> payment.map(p -> Long.toString(p.id())).orElse("tC");
                default -> "t" + i;
            };
            long gross = switch (s.type()) {
                case PAYMENT -> switch (s.amountShape()) {
                    case 0, 1 -> paymentAmount;
                    case 2 -> paymentAmount + 1;
                    default -> s.randomAmount();
                };
                case REFUND -> switch (s.amountShape()) {
                    case 0, 1, 2 -> -refundAmount(s.amountShape(), paymentAmount);
                    default -> -s.randomAmount();
                };
                default -> s.randomAmount() - 2500;
            };
            String currency = switch (s.currencyShape()) {
                case 0, 1 -> payment.map(p -> p.currency().value()).orElse("USD");
                case 2 -> "USD";
                default -> "JPY";
            };
            CurrencyCode code = new CurrencyCode(currency);
            Optional<String> payout = switch (s.payoutShape()) {
                case 0 -> Optional.of("po1");
                case 1 -> Optional.of("po2");
                case 2 -> Optional.of(ClassificationRules.NO_PAYOUT);
                default -> Optional.empty();
            };
            if (s.type() == LineType.PAYOUT && s.amountShape() == 0) {
                long held = lines.stream().filter(l -> l.gross().currency().equals(code)
                                && l.payoutId().orElse(ClassificationRules.NO_PAYOUT)
                                .equals(payout.orElse(ClassificationRules.NO_PAYOUT)))
                        .mapToLong(l -> l.net().minor()).sum();
                gross = s.fee() - held; // net = -held: the balance is paid out (or, when negative, collected)
            }
            lines.add(new SettlementLine(2L + i, provider, merchant, s.type().name(), Money.of(gross, code),
                    Money.of(s.fee(), code), Money.of(gross - s.fee(), code), Optional.empty(),
                    today.plusDays(s.dateOffset()), payout));
        }
        return lines;
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<PaymentSpec> payment = Combinators.combine(
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(6, Arbitraries.just(PaymentStatus.CAPTURED)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.of(PaymentStatus.class))),
                Arbitraries.of(true, true, false), Arbitraries.of(CURRENCIES), Arbitraries.of(1L, 500L, 1000L, 2001L),
                Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 5)),
                        net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(6, 9)))).as(PaymentSpec::new);
        Arbitrary<RefundSpec> refund = Combinators.combine(Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(0, 2), Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, Arbitraries.just(Refund.Status.SUCCEEDED)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.of(Refund.Status.class)))).as(RefundSpec::new);
        Arbitrary<LineType> type = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.just(LineType.PAYMENT)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(LineType.REFUND)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(LineType.PAYOUT)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(LineType.CHARGEBACK)),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(LineType.reversals())),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(LineType.class)));
        // some lines are booked days early (settled before a capture of today)
        Arbitrary<Integer> dateOffset = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(-1, 1)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(-3)));
        Arbitrary<LineSpec> line = Combinators.combine(List.of(type.asGeneric(),
                Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(12, Arbitraries.just(0)),
                        net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(1, 6))).asGeneric(),
                Arbitraries.integers().between(0, 9).asGeneric(), Arbitraries.integers().between(0, 3).asGeneric(),
                Arbitraries.integers().between(0, 3).asGeneric(), Arbitraries.longs().between(1, 5000).asGeneric(),
                Arbitraries.of(0L, 0L, 0L, 30L, -30L).asGeneric(), Arbitraries.integers().between(0, 3).asGeneric(),
                Arbitraries.integers().between(0, 3).asGeneric(), dateOffset.asGeneric()))
                .as(v -> new LineSpec((LineType) v.get(0), (Integer) v.get(1), (Integer) v.get(2),
                        (Integer) v.get(3), (Integer) v.get(4), (Long) v.get(5), (Long) v.get(6), (Integer) v.get(7),
                        (Integer) v.get(8), (Integer) v.get(9)));
        // payment lines with the right reference, amount and currency, booked a day or three before today: whether
        // they are SETTLED_BEFORE_CAPTURE depends on their payment's capture alone (they come first: not duplicates)
        Arbitrary<LineSpec> rightPayment = Combinators.combine(Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(0, 3), Arbitraries.of(0L, 30L), Arbitraries.integers().between(0, 3),
                Arbitraries.of(-1, -3)).as((index, provider, fee, payout, offset) -> new LineSpec(LineType.PAYMENT,
                0, index, provider, 0, 1, fee, 0, payout, offset));
        Arbitrary<List<LineSpec>> current = Combinators.combine(Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(List.<LineSpec>of())),
                        net.jqwik.api.Tuple.of(9, rightPayment.list().ofMinSize(1).ofMaxSize(3))),
                line.list().ofMaxSize(12)).as((right, any) -> java.util.stream.Stream.concat(right.stream(),
                any.stream()).toList());
        return Combinators.combine(payment.list().ofMinSize(1).ofMaxSize(6), refund.list().ofMaxSize(5),
                Arbitraries.oneOf(Arbitraries.just(List.<LineSpec>of()), line.list().ofMinSize(1).ofMaxSize(4)),
                current, Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(-2, 1).optional()).as(Scenario::new);
    }
}
