package io.emarsysdest.testkit;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.ingest.Endpoint;
import io.emarsysdest.core.ingest.IngestLimits;
import io.emarsysdest.core.ingest.IngestParser;
import io.emarsysdest.core.ingest.ParsedRequest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** Builds normalised events from JSON the way ingest does, for tests. */
public final class Events {
    private static final IngestParser PARSER = new IngestParser(IngestLimits.SEGMENT, () -> UUID.randomUUID().toString());

    private Events() {
    }

    /** One event from a single-call JSON body; fails the test when the JSON is not a valid event. */
    public static Event of(EventType type, String json, Instant receivedAt) {
        ParsedRequest r = PARSER.parse(json.getBytes(StandardCharsets.UTF_8), Endpoint.single(type), receivedAt);
        if (r.accepted().size() != 1) throw new IllegalArgumentException("not a valid event: " + r.allProblems());
        return r.accepted().get(0);
    }

    public static Event track(String userId, String name, String messageId, Instant at) {
        return of(EventType.TRACK, "{\"userId\":\"" + userId + "\",\"event\":\"" + name + "\",\"messageId\":\"" + messageId
                + "\",\"timestamp\":\"" + at + "\"}", at);
    }
}
