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
     * it from applying (the error policy, a suspended seller).
     */
    record Import(long created, long updated, long unchanged, long rejected, boolean applied, Optional<String> refusal,
                  List<String> changes, List<String> warnings) implements JobDetails {
    }

    /** A refunds file: rows refunded per outcome (apply) or that would refund (plan), and pending ones settled. */
    record Refunds(long wouldRefund, long succeeded, long pending, long failed, long replayed, long settledPending,
                   long rejected) implements JobDetails {
    }

    /** An audit export: how many records, the chain's first and last sequence numbers, and the file's checksum. */
    record AuditExport(long records, long firstSeq, long lastSeq, Optional<String> sha256) implements JobDetails {
    }
}
