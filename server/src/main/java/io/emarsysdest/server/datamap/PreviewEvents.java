package io.emarsysdest.server.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventTime;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.core.validation.ValidationException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Turns a posted Segment event into an {@link Event} for a preview (no log, no offset). */
public final class PreviewEvents {
    private PreviewEvents() {
    }

    public static Event from(JsonNode json, Instant now) {
        List<Problem> problems = new ArrayList<>();
        if (json == null || !json.isObject()) {
            throw new ValidationException("event", List.of(new Problem("event", "not_an_object", "the event must be a JSON object")));
        }
        ObjectNode body = ((ObjectNode) json).deepCopy();
        EventType type = EventType.fromWire(body.path("type").asText(null)).orElse(null);
        if (type == null) problems.add(new Problem("event.type", "unknown_type", "type must be identify, track, page, screen, group or alias"));
        if (type == EventType.TRACK && !body.path("event").isTextual()) {
            problems.add(new Problem("event.event", "missing", "a track needs an event name"));
        }
        Instant original = time(body, "timestamp", problems);
        if (body.has("originalTimestamp")) original = time(body, "originalTimestamp", problems);
        Instant sentAt = time(body, "sentAt", problems);
        if (!problems.isEmpty()) throw new ValidationException("event", problems);
        Instant ts = EventTime.corrected(now, sentAt, original);
        String messageId = body.path("messageId").asText("preview");
        return new Event(0, messageId, type, body.path("userId").asText(null), body.path("anonymousId").asText(null),
                ts, original == null ? now : original, sentAt, now, body);
    }

    private static Instant time(ObjectNode body, String key, List<Problem> problems) {
        JsonNode n = body.get(key);
        if (n == null || n.isNull()) return null;
        try {
            return OffsetDateTime.parse(n.asText()).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(new Problem("event." + key, "invalid_time", key + " must be ISO 8601 with a zone"));
            return null;
        }
    }
}
