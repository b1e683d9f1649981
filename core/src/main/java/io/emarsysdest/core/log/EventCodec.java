package io.emarsysdest.core.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.event.IsoInstant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** Stored form of an event: its normalised JSON body, from which every field of {@link Event} is read back. */
public final class EventCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EventCodec() {
    }

    public static byte[] encode(Event event) {
        try {
            return MAPPER.writeValueAsBytes(event.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Event decode(long offset, byte[] body) {
        try {
            ObjectNode node = (ObjectNode) MAPPER.readTree(body);
            return fromBody(offset, node);
        } catch (IOException e) {
            throw new UncheckedIOException("stored event " + offset + " is not readable", e);
        }
    }

    /** Reads an event from a body that the ingest parser normalised. */
    public static Event fromBody(long offset, ObjectNode node) {
        return new Event(offset,
                node.path("messageId").asText(),
                EventType.fromWire(node.path("type").asText()).orElseThrow(),
                text(node, "userId"),
                text(node, "anonymousId"),
                IsoInstant.parse(node.path("timestamp").asText()),
                time(node, "originalTimestamp"),
                time(node, "sentAt"),
                IsoInstant.parse(node.path("receivedAt").asText()),
                node);
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Instant time(JsonNode node, String field) {
        String t = text(node, field);
        return t == null ? null : IsoInstant.parse(t);
    }
}
