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
}
