package io.emarsysdest.core.ingest;

import io.emarsysdest.core.event.EventType;

/** Which Tracking API path a body arrived on: a batch ({@code /v1/batch}, {@code /v1/import}) or a single call. */
public record Endpoint(EventType singleType) {
    public static final Endpoint BATCH = new Endpoint(null);

    public static Endpoint single(EventType type) {
        return new Endpoint(type);
    }

    public boolean isBatch() {
        return singleType == null;
    }
}
