package com.bazaar.domain.catalog;

import com.bazaar.domain.seller.SellerId;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Port: the bulk side of a catalog import, identified by an import id (the batch job instance). Rows are staged
 * (accepted lines) or rejected (with their errors and original columns) - each at most once per (import, row), so a
 * restarted job cannot stage a row twice. Planning and applying are set-based inside the adapter over the rows the
 * domain accepted; rules that need the current catalog are evaluated set-based too, from tables the domain hands in.
 * Memory stays bounded whatever the file size.
 */
public interface CatalogImports {

    /** A rejected row: its errors and the columns as the seller wrote them (for the error report). */
    record Rejection(long row, List<RowError> errors, List<String> original) {
    }

    /**
     * A row that imports all the same but carries warnings: a value the importer left out rather than store it
     * damaged (a barcode a spreadsheet turned into scientific notation). Listed in the error report, never counted as
     * rejected.
     */
    record Warning(long row, List<RowError> warnings, List<String> original) {
    }

    /**
     * One row of the error report: a rejected row (with the warnings of its row, if any) or a row that imports with
     * warnings; its problems are joined into one {@link RowError} (columns, codes, messages, values joined with "; ").
     * {@code original} is null for a row that staging accepted ({@link #stage}): the report reads it from the file.
     */
    record Reported(long row, RowError problems, List<String> original) {
    }

    /** What applying would do (or did): counts, a sample of field-level changes, and warnings. */
    record Plan(long create, long update, long unchanged, long rejected, List<String> sampleChanges,
                List<String> warnings) {
    }

    /** Which optional columns the file has: an absent column keeps the product's value, a present one sets it. */
    record Columns(boolean description, boolean category, boolean attributes, boolean status, boolean quantity) {
    }

    /**
     * Before an import's staging step reads on: a new import ({@code resuming} false) gets an empty place for its rows;
     * a resumed one (its earlier run committed chunks) must still have them.
     *
     * @throws IllegalStateException when a resumed import's staged rows are gone: reading on would stage only the rest
     *                               of the file and apply half of it, so it stops instead
     */
    void prepare(long importId, boolean resuming);

    /**
     * Stages accepted lines, each at most once per (import, row). Only the checked values are kept: an accepted row's
     * columns as the seller wrote them are not copied (staging would write each row twice), so a report that lists
     * an accepted row (rejected later by a catalog rule, or every row of a refused file) gets them from the job's
     * file: such rows come with a null {@link Reported#original()}.
     */
    void stage(long importId, List<CatalogLine> lines);

    void reject(long importId, List<Rejection> rejections);

    /** Records the warnings of rows that import (staged, or staged in this chunk); each row at most once. */
    void warn(long importId, List<Warning> warnings);

    /**
     * Rejects accepted rows that break a rule needing the current catalog: a SKU already on an earlier row, a
     * lifecycle move not in {@code allowedMoves}, a quantity below what is reserved. With {@code lock}, the stock rows
     * concerned are locked first (in product-id order) so the answer holds until the transaction ends.
     * The first call once staging is done (it refreshes what the adapter knows of the staged rows, for
     * {@link #plan} and {@link #apply} after it). Returns how many rows it rejected.
     */
    long rejectByCatalogRules(long importId, SellerId seller, Map<ProductStatus, Set<ProductStatus>> allowedMoves,
                              boolean lock);

    Plan plan(long importId, SellerId seller, Columns columns, int minorDigits, int sampleSize);

    /**
     * Applies the accepted rows: upserts products keyed by (seller, SKU) and sets stock. {@code planned} is the plan
     * computed in this same transaction, after {@link #rejectByCatalogRules} locked what it checks: it is what apply
     * does, so apply does not compute it again (a full diff of the import against the catalog: about 10 s per
     * million rows), and it skips the statements the plan says have nothing to do. Returns {@code planned}.
     */
    Plan apply(long importId, SellerId seller, Columns columns, Plan planned, Instant at);

    /**
     * The rows of the error report in row order, streamed: every rejected row, and every row that imports with
     * warnings. Plans list how many rows import with warnings among their warnings.
     */
    void forEachReported(long importId, Consumer<Reported> visitor);

    /**
     * Every row in row order, streamed: the rejected ones with their errors (and warnings), the others with their
     * warnings or no problem (a {@link RowError} of nulls). The error report of an import that applied nothing, so
     * that the report, fixed and uploaded again, is the whole file.
     */
    void forEachRow(long importId, Consumer<Reported> visitor);

    /**
     * Forgets what was staged for an import whose job completed: nothing of it is read again (a plan and an apply are
     * separate imports, each staging its file). Does nothing when nothing is staged.
     */
    void discard(long importId);

    /** The outcome of an import or sync: what was (or would be) done; {@code refusal} says why nothing was applied. */
    record Outcome(Plan plan, boolean applied, java.util.Optional<String> refusal) {
    }
}
