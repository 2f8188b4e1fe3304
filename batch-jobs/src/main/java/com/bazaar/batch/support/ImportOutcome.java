package com.bazaar.batch.support;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import java.util.List;
import java.util.Optional;

/**
 * The outcome the last step of a seller file job (catalog import, inventory sync) keeps in the job's execution
 * context, under these keys, for {@code job status} and the report of a rerun: what the plan found, whether it was
 * applied, and the refusal that kept it from applying.
 */
public final class ImportOutcome {

    public static final String CREATED = "created";
    public static final String UPDATED = "updated";
    public static final String UNCHANGED = "unchanged";
    public static final String REJECTED = "rejected";
    public static final String APPLIED = "applied";
    public static final String REFUSAL = "refusal";
    public static final String CHANGES = "changes";
    public static final String WARNINGS = "warnings";
    /** Catalog imports only: the format the file was read in, rows that format skipped, SKUs it generated. */
    public static final String FORMAT = "format";
    public static final String SKIPPED_ROWS = "skipped-rows";
    public static final String GENERATED_SKUS = "generated-skus";

    private ImportOutcome() {
    }

    public static void record(ExecutionContext context, long created, long updated, long unchanged, long rejected,
                              boolean applied, Optional<String> refusal, List<String> changes, List<String> warnings) {
        context.putLong(CREATED, created);
        context.putLong(UPDATED, updated);
        context.putLong(UNCHANGED, unchanged);
        context.putLong(REJECTED, rejected);
        context.putString(APPLIED, Boolean.toString(applied));
        context.putString(REFUSAL, refusal.orElse(""));
        context.putString(CHANGES, String.join("\n", changes));
        context.putString(WARNINGS, String.join("\n", warnings));
    }

    /** What a catalog import read its file as: the format, how many rows it skipped, how many SKUs it generated. */
    public static void recordFormat(ExecutionContext context, String format, long skippedRows, long generatedSkus) {
        context.putString(FORMAT, format);
        context.putLong(SKIPPED_ROWS, skippedRows);
        context.putLong(GENERATED_SKUS, generatedSkus);
    }
}
