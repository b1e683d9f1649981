package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** Builds {@link Event}s from JSON text the way ingest would, for tests. */
public final class TestEvents {
    public static final ObjectMapper JSON = new ObjectMapper();
    static final Instant RECEIVED = Instant.parse("2026-01-15T10:00:01Z");

    private TestEvents() {
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Event event(String text) {
        return event(json(text));
    }

    public static Event event(JsonNode body) {
        ObjectNode b = ((ObjectNode) body).deepCopy();
        EventType type = EventType.fromWire(b.path("type").asText()).orElseThrow();
        Instant ts = b.hasNonNull("timestamp") ? Instant.parse(b.get("timestamp").asText()) : RECEIVED;
        return new Event(1, b.path("messageId").asText("msg-test"), type, b.path("userId").asText(null),
                b.path("anonymousId").asText(null), ts, ts, null, RECEIVED, b);
    }
}
