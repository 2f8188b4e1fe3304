package com.bazaar.domain.reconciliation;

import com.bazaar.domain.event.Payload;
import com.bazaar.domain.shared.Json;

import java.util.Map;
import java.util.Optional;

/** A reconciliation item as its audit records and events show it (docs/events.md, "recon item snapshot"). */
public record ReconItemSnapshot(long item, long run, Category category, ReconItem.Status status,
                                Optional<ReconItem.Resolution> resolution, Optional<String> resolvedBy,
                                Optional<String> approvedBy, String difference) {

    public static ReconItemSnapshot of(ReconItem i) {
        return new ReconItemSnapshot(i.id(), i.runId(), i.category(), i.status(), i.resolution(), i.resolvedBy(),
                i.approvedBy(), i.difference());
    }

    public Map<String, Object> toMap() {
        Map<String, Object> json = Json.object();
        json.put("item", item);
        json.put("run", run);
        json.put("category", category.name());
        json.put("status", status.name());
        resolution.ifPresent(r -> json.put("resolution", r.name()));
        resolvedBy.ifPresent(r -> json.put("resolvedBy", r));
        approvedBy.ifPresent(r -> json.put("approvedBy", r));
        json.put("difference", difference);
        return json;
    }

    public static ReconItemSnapshot from(Payload p) {
        return new ReconItemSnapshot(p.number("item"), p.number("run"), Category.valueOf(p.text("category")),
                ReconItem.Status.valueOf(p.text("status")), p.optionalText("resolution").map(ReconItem.Resolution::valueOf),
                p.optionalText("resolvedBy"), p.optionalText("approvedBy"), p.text("difference"));
    }
}
