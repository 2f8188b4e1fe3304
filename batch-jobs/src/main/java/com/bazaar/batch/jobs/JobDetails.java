package com.bazaar.batch.jobs;

import java.util.List;
import java.util.Optional;

/** What a job's last step recorded about its outcome, typed per kind of job; {@link None} until that step has run. */
public sealed interface JobDetails {

    /** Nothing recorded (yet): the job has not reached its last step, or records nothing (reconciliation). */
    record None() implements JobDetails {
    }

    /**
     * A catalog import or an inventory sync: what the plan found, whether it was applied, and the refusal that kept
     * it from applying (the error policy, a suspended seller); for a catalog import, the format its file was read in.
     */
    record Import(long created, long updated, long unchanged, long rejected, boolean applied, Optional<String> refusal,
                  List<String> changes, List<String> warnings, Optional<Format> format) implements JobDetails {

        /** An import without a file format of its own (an inventory sync, a catalog import of an older version). */
        public Import(long created, long updated, long unchanged, long rejected, boolean applied,
                      Optional<String> refusal, List<String> changes, List<String> warnings) {
            this(created, updated, unchanged, rejected, applied, refusal, changes, warnings, Optional.empty());
        }
    }

    /**
     * The format a catalog file was read in (bazaar, shopify, magento), how many of its rows that format skipped as
     * not being products (Shopify image rows, Magento store-view translations) and how many SKUs it generated
     * ({@code --generate-sku}).
     */
    record Format(String format, long skippedRows, long generatedSkus) {
    }

    /** A refunds file: rows refunded per outcome (apply) or that would refund (plan), and pending ones settled. */
    record Refunds(long wouldRefund, long succeeded, long pending, long failed, long replayed, long settledPending,
                   long rejected) implements JobDetails {
    }

    /** An audit export: how many records, the chain's first and last sequence numbers, and the file's checksum. */
    record AuditExport(long records, long firstSeq, long lastSeq, Optional<String> sha256) implements JobDetails {
    }
}
