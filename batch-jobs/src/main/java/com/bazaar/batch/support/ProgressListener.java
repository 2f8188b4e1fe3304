package com.bazaar.batch.support;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepExecution;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * Shows a job's progress while this process runs it ({@link #begin} to {@link #end}), in the words of
 * {@link ProgressLine}: the step by a human name, rows, total, percentage, rows/s, time left.
 * <ul>
 *   <li>On a terminal one line is redrawn in place at most {@value #LINE_EVERY_MS} ms apart, by a timer too, so a
 *   step that counts no rows (a long SQL apply) shows a spinner and its time instead of sitting still; a new step
 *   repaints at once. {@link #end} stops the timer and erases the line ({@value #CLEAR_TEXT}) before the caller
 *   prints the result, and nothing is written after it.</li>
 *   <li>Otherwise (a log, CI) a plain line every {@value #PLAIN_EVERY_S} s, no control sequence: a run shorter than
 *   that prints nothing.</li>
 * </ul>
 * The file's name is untrusted: the whole text passes through {@code safe} (the front end's terminal-safe escaping);
 * only the carriage return and the erase sequence are written raw.
 */
public final class ProgressListener implements ChunkListener<Object, Object> {

    /** Back to the start of the line and erase it. */
    public static final String CLEAR = "\r\033[2K";
    static final String CLEAR_TEXT = "\\r ESC[2K";
    static final long LINE_EVERY_MS = 200;
    static final long PLAIN_EVERY_S = 5;
    private static final char[] SPINNER = {'|', '/', '-', '\\'};

    private final PrintWriter out;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private final IntSupplier width;
    private final UnaryOperator<String> safe;
    private final boolean timer;
    private final ProgressLine line;
    private final Object lock = new Object();
    private ScheduledExecutorService repaint;
    private boolean armed;
    private boolean shown;
    private long begun;
    private long lastPainted;
    private int spin;
    private long rows;

    /**
     * @param out      where the progress goes (stderr, unguarded: this class escapes its text itself)
     * @param terminal redraw one line in place (else plain lines)
     * @param nanoTime the clock
     * @param width    the terminal's columns (a line never wraps, or erasing it would leave its first part)
     * @param safe     terminal-safe text
     * @param timer    repaint from a timer thread between chunks (false in tests, which call {@link #tick})
     */
    public ProgressListener(PrintWriter out, boolean terminal, LongSupplier nanoTime, IntSupplier width,
                            UnaryOperator<String> safe, boolean timer) {
        this.out = out;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
        this.width = width;
        this.safe = safe;
        this.timer = timer;
        this.line = new ProgressLine(nanoTime);
    }

    /** A run of job {@code job} on file {@code file} (if any) begins in this process: show its progress. */
    public void begin(String job, String file) {
        synchronized (lock) {
            String name = file == null || file.isBlank() ? "" : " " + Path.of(file).getFileName();
            line.job(job + name);
            line.step("", OptionalLong.empty());
            armed = true;
            shown = false;
            begun = nanoTime.getAsLong();
            lastPainted = begun;
        }
        if (timer) {
            repaint = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "bazaar-progress");
                t.setDaemon(true);
                return t;
            });
            long every = terminal ? LINE_EVERY_MS : 1000;
            repaint.scheduleAtFixedRate(this::tick, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The run ended: stop the timer and erase the line from the terminal. Once this returns, nothing more is
     * written, whatever the timer was doing.
     */
    public void end() {
        if (repaint != null) {
            repaint.shutdownNow();
            repaint = null;
        }
        synchronized (lock) {
            if (armed && shown && terminal) {
                out.print(CLEAR);
                out.flush();
            }
            armed = false;
            shown = false;
        }
    }

    /** Repaints when due (the timer calls it; so do tests). */
    public void tick() {
        synchronized (lock) {
            paint(false);
        }
    }

    /** Listens to the steps of a job: a new step is a new line. */
    public StepExecutionListener steps() {
        return new StepExecutionListener() {
            @Override
            public void beforeStep(StepExecution step) {
                started(step);
            }

            @Override
            public ExitStatus afterStep(StepExecution step) {
                return null;
            }
        };
    }

    private void started(StepExecution step) {
        var parameters = step.getJobExecution().getJobParameters();
        // the rows a step after staging works on (an apply, the refunds of staged rows): what staging read
        long staged = step.getJobExecution().getStepExecutions().stream().filter(s -> s != step)
                .mapToLong(StepExecution::getReadCount).max().orElse(0);
        started(step.getStepName(), "plan".equals(parameters.getString(ImportParameters.MODE)), staged);
    }

    /** Step {@code step} began; {@code staged}: rows staged by the steps before it (0: none). */
    void started(String step, boolean plan, long staged) {
        String name = ProgressLine.stepName(step, plan);
        synchronized (lock) {
            if (!armed || name.equals(line.step()) && step.contains(":")) {
                return; // another partition of the step shown
            }
            rows = 0;
            line.step(name, staged > 0 ? OptionalLong.of(staged) : OptionalLong.empty());
            paint(true);
        }
    }

    /** Rows done in the current step so far (what a chunk reports). */
    void rows(long done) {
        synchronized (lock) {
            rows = Math.max(rows, done);
            line.rows(rows, ReadPosition.fraction());
            paint(false);
        }
    }

    @Override
    public void afterChunk(org.springframework.batch.infrastructure.item.Chunk<Object> chunk) {
        synchronized (lock) {
            rows(rows + chunk.size());
        }
    }

    @Override
    public void afterChunk(ChunkContext context) {
        rows(context.getStepContext().getStepExecution().getReadCount());
    }

    /**
     * The columns a text may take on a terminal, counted high: every character from U+1100 on (where wide scripts and
     * emoji begin) as two, but general punctuation (the ellipsis), so a line measured to fit never wraps, whose first
     * part the erase would leave behind.
     */
    static int columns(String text) {
        return text.codePoints().map(ProgressListener::columns).sum();
    }

    private static int columns(int c) {
        return c < 0x1100 || (c >= 0x2000 && c < 0x2070) ? 1 : 2;
    }

    /** The longest start of a text that takes at most {@code columns} ({@link #columns(String)}). */
    static String cut(String text, int columns) {
        int used = 0;
        int end = 0;
        while (end < text.length()) {
            int c = text.codePointAt(end);
            used += columns(c);
            if (used > columns) {
                break;
            }
            end += Character.charCount(c);
        }
        return text.substring(0, end);
    }

    /** Paints the line if due ({@code now}: a step change, at once on a terminal). Under the lock. */
    private void paint(boolean now) {
        if (!armed || line.step().isEmpty()) {
            return;
        }
        long at = nanoTime.getAsLong();
        if (terminal) {
            if (!now && at - lastPainted < LINE_EVERY_MS * 1_000_000) {
                return;
            }
            spin = (spin + 1) % SPINNER.length;
            int columns = Math.max(20, width.getAsInt()) - 1; // never wrap: the erase reaches one line only
            String text = "";
            for (int form = 0; form < ProgressLine.FORMS; form++) { // the fullest form that fits, else the shortest
                text = SPINNER[spin] + " " + safe.apply(line.text(form));
                if (columns(text) <= columns) {
                    break;
                }
            }
            if (columns(text) > columns) {
                text = cut(text, columns - 1) + "…";
            }
            out.print(CLEAR + text);
            shown = true;
        } else {
            long every = PLAIN_EVERY_S * 1_000_000_000L;
            if (at - begun < every || at - lastPainted < every) {
                return;
            }
            out.println(safe.apply(line.text()));
        }
        lastPainted = at;
        out.flush();
    }
}
