package com.bazaar.domain.reconciliation;

import com.bazaar.domain.event.Event;
import com.bazaar.domain.event.Payload;
import com.bazaar.domain.shared.Json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What happens in reconciliation (aggregate {@code recon}, id the run id); docs/events.md is the contract. */
public sealed interface ReconciliationEvent extends Event {

    long run();

    @Override
    default String aggregateType() {
        return "recon";
    }

    @Override
    default String aggregateId() {
        return Long.toString(run());
    }

    /** Reads a stored payload of one of these events back. */
    static ReconciliationEvent from(String type, String aggregateId, Map<String, Object> payload) {
        Payload p = Payload.of(payload);
        return switch (type) {
            case "ReconciliationCompleted" -> {
                Map<String, Long> counts = new LinkedHashMap<>();
                payload.keySet().stream().filter(k -> !k.equals("run") && !k.equals("supersedes"))
                        .forEach(k -> counts.put(k, p.number(k)));
                yield new ReconciliationCompleted(p.number("run"),
                        p.list("supersedes").stream().map(n -> ((Number) n).longValue()).toList(), counts);
            }
            case "DiscrepancyResolved" -> new DiscrepancyResolved(ReconItemSnapshot.from(p));
            case "WriteOffApproved" -> new WriteOffApproved(ReconItemSnapshot.from(p));
            default -> throw new IllegalArgumentException("not a reconciliation event: " + type);
        };
    }

    /**
     * A run classified: the runs it supersedes and a count per {@code CATEGORY/CURRENCY} (top-level keys of the
     * payload, in the order given).
     */
    record ReconciliationCompleted(long run, List<Long> supersedes, Map<String, Long> counts)
            implements ReconciliationEvent {
        public ReconciliationCompleted {
            supersedes = List.copyOf(supersedes);
            counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        }

        @Override
        public Map<String, Object> payload() {
            Map<String, Object> json = Json.object();
            json.put("run", run);
            json.put("supersedes", supersedes);
            json.putAll(counts);
            return json;
        }
    }

    /** An event about one item, carrying its snapshot after the change. */
    sealed interface AboutItem extends ReconciliationEvent {
        ReconItemSnapshot item();

        @Override
        default long run() {
            return item().run();
        }

        @Override
        default Map<String, Object> payload() {
            return item().toMap();
        }
    }

    /** A discrepancy resolved, or a write-off above the threshold now awaiting approval. */
    record DiscrepancyResolved(ReconItemSnapshot item) implements AboutItem {
    }

    /** A second finance user approved a write-off. */
    record WriteOffApproved(ReconItemSnapshot item) implements AboutItem {
    }
}
