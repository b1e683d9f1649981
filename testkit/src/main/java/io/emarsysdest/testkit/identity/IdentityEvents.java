package io.emarsysdest.testkit.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accepted events for identity tests, written as compact JSON:
 * {@code IdentityEvents.at("2026-01-01T10:00:00Z").identify("{\"userId\":\"u1\",\"traits\":{\"email\":\"a@x.io\"}}")}.
 * Each event gets the next log offset and a messageId.
 */
public final class IdentityEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AtomicLong offsets = new AtomicLong();
    private Instant now;

    private IdentityEvents(Instant start) {
        this.now = start;
    }

    public static IdentityEvents at(String isoInstant) {
        return new IdentityEvents(Instant.parse(isoInstant));
    }

    /** Moves the clock events are stamped with. */
    public IdentityEvents minutesLater(long minutes) {
        now = now.plusSeconds(60 * minutes);
        return this;
    }

    public Instant now() {
        return now;
    }

    public Event identify(String json) {
        return event(EventType.IDENTIFY, json, now);
    }

    public Event track(String json) {
        return event(EventType.TRACK, json, now);
    }

    public Event page(String json) {
        return event(EventType.PAGE, json, now);
    }

    public Event group(String json) {
        return event(EventType.GROUP, json, now);
    }

    public Event alias(String json) {
        return event(EventType.ALIAS, json, now);
    }

    /** An event that happened at {@code at} but arrives now (an offline queue). */
    public Event late(EventType type, String json, Instant at) {
        return event(type, json, at);
    }

    private Event event(EventType type, String json, Instant at) {
        ObjectNode body;
        try {
            body = (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad test JSON: " + json, e);
        }
        long offset = offsets.incrementAndGet();
        body.put("type", type.wireName());
        if (!body.has("messageId")) body.put("messageId", "m-" + offset);
        body.put("timestamp", at.toString());
        if (type == EventType.TRACK && !body.has("event")) body.put("event", "Product Viewed");
        Instant received = at.isAfter(now) ? at : now;
        return new Event(offset, body.get("messageId").asText(), type, text(body, "userId"), text(body, "anonymousId"),
                at, at, null, received, body);
    }

    private static String text(ObjectNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).asText() : null;
    }
}
