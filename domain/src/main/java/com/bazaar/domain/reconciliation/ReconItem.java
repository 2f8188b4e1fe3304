package com.bazaar.domain.reconciliation;

import com.bazaar.domain.event.Transition;
import com.bazaar.domain.shared.RuleViolation;

import java.util.Map;
import java.util.Optional;

/**
 * One classified item of a run: a settlement line, an internal payment, or both. A discrepancy is OPEN until finance
 * resolves it; a write-off above the threshold waits for a second finance user's approval.
 */
public record ReconItem(long id, long runId, Optional<Long> line, Optional<Long> payment, Category category,
                        Optional<Long> expectedMinor, Optional<Long> actualMinor, Optional<String> currency,
                        String difference, Optional<String> candidate, Status status, Optional<Resolution> resolution,
                        Optional<String> resolvedBy, Optional<String> approvedBy, Optional<String> reason) {

    public enum Status { NONE, OPEN, AWAITING_APPROVAL, RESOLVED }

    public enum Resolution { ACCEPTED, ADJUSTED, WRITTEN_OFF }

    /**
     * Resolves, with its event DiscrepancyResolved; a write-off of more than {@code approvalThresholdMinor} waits for
     * approval instead (AWAITING_APPROVAL, still DiscrepancyResolved: finance decided, a second user must approve).
     */
    public Transition<ReconItem, ReconciliationEvent> resolve(Resolution how, String by, String why, long approvalThresholdMinor) {
        if (status != Status.OPEN) {
            throw new RuleViolation("DISCREPANCY_NOT_OPEN", "item " + id + " is " + status + (status == Status.NONE
                    ? " (" + category + " needs no resolution)" : "") + "; only OPEN discrepancies can be resolved");
        }
        long size = Math.abs(expectedMinor.orElse(0L) - actualMinor.orElse(0L));
        boolean needsApproval = how == Resolution.WRITTEN_OFF && size > approvalThresholdMinor;
        ReconItem after = new ReconItem(id, runId, line, payment, category, expectedMinor, actualMinor, currency,
                difference, candidate, needsApproval ? Status.AWAITING_APPROVAL : Status.RESOLVED, Optional.of(how),
                Optional.of(by), Optional.empty(), Optional.of(why));
        return Transition.of(after, new ReconciliationEvent.DiscrepancyResolved(ReconItemSnapshot.of(after)));
    }

    /** Approves a write-off, with its event WriteOffApproved; never by the user who wrote it off (four eyes). */
    public Transition<ReconItem, ReconciliationEvent> approve(String by) {
        if (status != Status.AWAITING_APPROVAL) {
            throw new RuleViolation("NOTHING_TO_APPROVE", "item " + id + " is " + status + "; only write-offs awaiting"
                    + " approval can be approved");
        }
        if (resolvedBy.orElseThrow().equals(by)) {
            throw new RuleViolation("FOUR_EYES", "a write-off needs a second finance user: " + by
                    + " wrote it off and cannot approve it");
        }
        ReconItem after = new ReconItem(id, runId, line, payment, category, expectedMinor, actualMinor, currency,
                difference, candidate, Status.RESOLVED, resolution, resolvedBy, Optional.of(by), reason);
        return Transition.of(after, new ReconciliationEvent.WriteOffApproved(ReconItemSnapshot.of(after)));
    }

    /** The audit snapshot, the same JSON as the events' item snapshot ({@link ReconItemSnapshot}). */
    public Map<String, Object> snapshot() {
        return ReconItemSnapshot.of(this).toMap();
    }
}
