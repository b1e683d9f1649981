package io.emarsysdest.store.eventlog;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** A stored rejected item, as shown to operators. */
public record RejectedItem(long id, Instant receivedAt, int index, String reason, JsonNode problems, JsonNode item) {
}
