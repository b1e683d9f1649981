package io.emarsysdest.core.delivery;

import io.emarsysdest.core.validation.Problem;

import java.util.ArrayList;
import java.util.List;

/**
 * How big one request to Emarsys may get. Defaults follow the Core API: 1000 contacts per call, 8 MB bodies for
 * contact upserts, 1 MB for event triggers (decimal megabytes, to stay on the safe side of either reading).
 *
 * @param maxItems        elements per request
 * @param maxUpsertBytes  body size of a contact upsert
 * @param maxTriggerBytes body size of an event trigger (over it Emarsys rejects the whole request)
 * @param maxOtherBytes   body size of list changes and deletes
 */
public record BatchLimits(int maxItems, long maxUpsertBytes, long maxTriggerBytes, long maxOtherBytes) {
    public static final BatchLimits DEFAULTS = new BatchLimits(1000, 8_000_000, 1_000_000, 8_000_000);

    public long maxBytes(Operation op) {
        return switch (op) {
            case CONTACT_UPSERT -> maxUpsertBytes;
            case EVENT_TRIGGER -> maxTriggerBytes;
            default -> maxOtherBytes;
        };
    }

    public List<Problem> validate() {
        List<Problem> problems = new ArrayList<>();
        if (maxItems < 1 || maxItems > 1000) {
            problems.add(new Problem("maxItems", "out_of_range", "must be between 1 and 1000 (the Emarsys limit)"));
        }
        if (maxUpsertBytes < 4096) problems.add(new Problem("maxUpsertBytes", "out_of_range", "must be at least 4096"));
        if (maxTriggerBytes < 4096) problems.add(new Problem("maxTriggerBytes", "out_of_range", "must be at least 4096"));
        if (maxOtherBytes < 4096) problems.add(new Problem("maxOtherBytes", "out_of_range", "must be at least 4096"));
        return problems;
    }
}
