package io.emarsysdest.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.rules.PersonContext;
import io.emarsysdest.core.validation.Problem;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads the events and person of a dry-run request: Segment-shaped events with a timestamp each. */
final class DryRunEvents {
    private DryRunEvents() {
    }

    static List<Event> parse(JsonNode events, List<Problem> problems) {
        List<Event> out = new ArrayList<>();
        if (!events.isArray()) {
            problems.add(new Problem("events", "missing", "events must be an array of Segment events with a timestamp"));
            return out;
        }
        if (events.size() > 10_000) {
            problems.add(new Problem("events", "too_many", "a dry run takes at most 10000 events"));
            return out;
        }
        for (int i = 0; i < events.size(); i++) {
            String at = "events[" + i + "]";
            JsonNode e = events.get(i);
            if (!e.isObject()) {
                problems.add(new Problem(at, "not_an_object", "an event must be an object"));
                continue;
            }
            EventType type = EventType.fromWire(e.path("type").asText("track")).orElse(null);
            if (type == null) problems.add(new Problem(at + ".type", "unknown_type", "type must be track, page, screen, identify, group or alias"));
            Instant timestamp = time(e.path("timestamp"), at + ".timestamp", true, problems);
            Instant receivedAt = time(e.path("receivedAt"), at + ".receivedAt", false, problems);
            if (type == null || timestamp == null) continue;
            ObjectNode body = ((ObjectNode) e).deepCopy();
            body.put("type", type.wireName());
            String messageId = e.path("messageId").asText("dry-" + (i + 1));
            body.put("messageId", messageId);
            Instant arrival = receivedAt == null ? timestamp : receivedAt;
            out.add(new Event(0, messageId, type, e.path("userId").asText(null), e.path("anonymousId").asText(null),
                    timestamp.isAfter(arrival) ? arrival : timestamp, timestamp, null, arrival, body));
        }
        return out;
    }

    private static Instant time(JsonNode n, String at, boolean required, List<Problem> problems) {
        if (n.isMissingNode() || n.isNull()) {
            if (required) problems.add(new Problem(at, "missing", "an ISO-8601 time is required, e.g. 2026-11-23T10:00:00Z"));
            return null;
        }
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException ex) {
            problems.add(new Problem(at, "invalid_time", "'" + n.asText() + "' is not an ISO-8601 instant"));
            return null;
        }
    }

    static PersonContext person(JsonNode p, List<Problem> problems) {
        if (p.isMissingNode() || p.isNull()) return PersonContext.of("dry-run");
        ObjectNode traits = p.path("traits") instanceof ObjectNode o ? o : null;
        if (p.has("traits") && traits == null) problems.add(new Problem("person.traits", "wrong_type", "traits must be an object"));
        Set<String> audiences = new HashSet<>();
        for (JsonNode a : p.path("audiences")) audiences.add(a.asText());
        return new PersonContext(p.path("id").asText("dry-run"), traits, audiences);
    }
}
