package com.bazaar.batch.support;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The words of a job's progress, for people: the job, its current step by a human name, rows done, the total when it
 * is known (staged rows) or estimated from the bytes read of the file ({@code ~}), the percentage, rows per second and
 * the time left; for a step that counts no rows (one long SQL statement), how long it has run. Only text: what to
 * print, where and when is {@link ProgressListener}'s; the clock is given, so tests move it.
 *
 * <p>Example: {@code catalog-import products.csv: staging 24,000/~50,000 rows (48%), 9,500 rows/s, ETA 3s}.
 */
public final class ProgressLine {

    /** Human names of the steps of the jobs; a step not here shows its own name. */
    private static final Map<String, String> STEPS = Map.ofEntries(
            Map.entry("stage", "staging"),
            Map.entry("stage-rows", "staging"),
            Map.entry("finish", "applying"),
            Map.entry("refund", "issuing refunds"),
            Map.entry("refund-partitions", "issuing refunds"),
            Map.entry("refund-partition", "issuing refunds"),
            Map.entry("settle-pending", "settling pending refunds"),
            Map.entry("export", "exporting"),
            Map.entry("record", "recording the export"),
            Map.entry("prepare", "preparing"),
            Map.entry("classify", "classifying"),
            Map.entry("complete", "completing"));

    /**
     * The part of the file read before its total is estimated: the reader reads ahead by a buffer, so the first few
     * percent say little about the rows per byte.
     */
    static final double ESTIMATE_FROM = 0.1;

    /** How many forms {@link #text(int)} has. */
    public static final int FORMS = 3;

    private final LongSupplier nanoTime;
    private String label = "";
    private String step = "";
    private long stepStarted;
    private boolean counting;
    private long rows;
    private OptionalLong total = OptionalLong.empty();
    private OptionalDouble fraction = OptionalDouble.empty();

    public ProgressLine(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * The human name of a step: {@code stage} is "staging", {@code finish} "applying" ("planning" in a plan run),
     * a partition of a step the step's name.
     */
    public static String stepName(String step, boolean plan) {
        String base = step.contains(":") ? step.substring(0, step.indexOf(':')) : step;
        if (plan && base.equals("finish")) {
            return "planning";
        }
        return STEPS.getOrDefault(base, base);
    }

    /** What the line is about: the job's name and its file's name (terminal-safe text, the caller's to make so). */
    public void job(String label) {
        this.label = label;
    }

    /**
     * A step begins: its human name and the rows it works on when known ({@code known}: the rows staged before it).
     * It counts rows once it reports some ({@link #rows}); until then (a tasklet: one long statement) the line shows
     * how long it has run.
     */
    public void step(String name, OptionalLong known) {
        this.step = name;
        this.total = known;
        this.counting = false;
        this.rows = 0;
        this.fraction = OptionalDouble.empty();
        this.stepStarted = nanoTime.getAsLong();
    }

    /** The step's rows so far, and the part of its file read so far when it reads one. */
    public void rows(long done, OptionalDouble read) {
        this.rows = done;
        this.fraction = read;
        this.counting = true;
    }

    /** The current step's human name (empty before the first). */
    public String step() {
        return step;
    }

    /** The line as it reads now. */
    public String text() {
        return text(0);
    }

    /**
     * The line as it reads now in one of its forms, from the fullest ({@code 0}, {@link #text()}) to the shortest
     * ({@code FORMS - 1}), for a narrow terminal: 1 leaves out the rows per second, 2 also the job and file. What
     * tells the truth (the step, rows, total, percentage, time left) stays in every form.
     */
    public String text(int form) {
        double seconds = Math.max(0, (nanoTime.getAsLong() - stepStarted) / 1e9);
        boolean rate = form < 1;
        var line = new StringBuilder(label.isEmpty() || form >= 2 ? "" : label + ": ").append(step);
        if (!counting) {
            total.ifPresent(t -> line.append(f(" %,d rows", t)));
            return line.append(", ").append(duration(seconds)).toString();
        }
        line.append(f(" %,d", rows));
        OptionalDouble done = OptionalDouble.empty();
        if (total.isPresent() && total.getAsLong() > 0) {
            line.append(f("/%,d", total.getAsLong()));
            done = OptionalDouble.of(Math.min(1.0, (double) rows / total.getAsLong()));
        } else if (fraction.isPresent() && rows > 0) {
            if (fraction.getAsDouble() >= ESTIMATE_FROM) {
                line.append(f("/~%,d", Math.round(rows / fraction.getAsDouble())));
            }
            done = fraction;
        }
        line.append(" rows");
        done.ifPresent(f -> line.append(f(" (%d%%)", (int) Math.floor(f * 100))));
        if (rows > 0 && seconds >= 0.001) {
            if (rate) {
                line.append(f(", %,.0f rows/s", rows / seconds));
            }
            if (done.isPresent() && done.getAsDouble() > 0) {
                double f = done.getAsDouble();
                line.append(", ETA ").append(duration(seconds * (1 - f) / f));
            }
        } else {
            line.append(", ").append(duration(seconds));
        }
        return line.toString();
    }

    private static String f(String format, Object... args) {
        return String.format(java.util.Locale.ROOT, format, args);
    }

    /** A duration in whole units: {@code 9s}, {@code 3m05s}, {@code 1h02m}. */
    static String duration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return f("%dm%02ds", s / 60, s % 60);
        }
        return f("%dh%02dm", s / 3600, s % 3600 / 60);
    }
}
