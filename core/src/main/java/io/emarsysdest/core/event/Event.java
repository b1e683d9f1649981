package io.emarsysdest.core.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Objects;

/**
 * One accepted Segment event, as stored in the durable log and handed to processing.
 *
 * @param offset            position in the durable log; 0 before the event is stored
 * @param messageId         the de-duplication key (assigned at ingest when the client sent none)
 * @param type              the call type
 * @param userId            the customer's own id, or null
 * @param anonymousId       the pseudo-anonymous id, or null
 * @param timestamp         the corrected event time used downstream: receivedAt − (sentAt − originalTimestamp),
 *                          clamped to receivedAt when in the future
 * @param originalTimestamp the client's time of the call
 * @param sentAt            the client's time when the request left, or null when it sent none
 * @param receivedAt        this service's clock when the request arrived
 * @param body              the whole normalised event (batch context merged in, times written back); treat as read-only
 */
public record Event(
        long offset,
        String messageId,
        EventType type,
        String userId,
        String anonymousId,
        Instant timestamp,
        Instant originalTimestamp,
        Instant sentAt,
        Instant receivedAt,
        ObjectNode body) {

    public Event {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(body, "body");
    }

    public Event withOffset(long newOffset) {
        return new Event(newOffset, messageId, type, userId, anonymousId, timestamp, originalTimestamp, sentAt, receivedAt, body);
    }

    /** The node at a path into the event body; never null (a MissingNode when absent). */
    public JsonNode at(JsonPath path) {
        return path.read(body);
    }

    /** The track event name, page/screen name, or null. */
    public String name() {
        JsonNode n = type == EventType.TRACK ? body.path("event") : body.path("name");
        return n.isTextual() ? n.textValue() : null;
    }

    public JsonNode traits() {
        return body.path("traits");
    }

    public JsonNode properties() {
        return body.path("properties");
    }

    public JsonNode context() {
        return body.path("context");
    }
}
