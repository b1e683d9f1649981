package io.emarsysdest.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.emarsysdest.core.validation.Problem;

import java.util.List;

/**
 * An item that was not accepted, kept with its reasons so operators can see it.
 *
 * @param index    position in the batch (0 for a single call)
 * @param item     the item as received (writeKey removed), or null when it could not be read
 * @param problems every problem found, with paths such as {@code batch[3].userId}
 */
public record Rejection(int index, JsonNode item, List<Problem> problems) {
    public Rejection {
        problems = List.copyOf(problems);
    }

    /** The first problem's code: what metrics count the rejection under. */
    public String reason() {
        return problems.get(0).code();
    }
}
