package io.emarsysdest.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One external-event trigger the sandbox accepted for a known contact.
 *
 * @param duplicate true when its {@code trigger_id} had been seen before, so Emarsys would not run it again
 */
public record TriggerRecord(long seq, int eventId, String keyId, String externalId, long contactId, String triggerId,
                            String eventTime, JsonNode data, Instant receivedAt, boolean duplicate) {
}
