package io.emarsysdest.core.event;

import java.time.Duration;
import java.time.Instant;

/** Segment's clock-skew correction: {@code timestamp = receivedAt − (sentAt − originalTimestamp)}. */
public final class EventTime {
    private EventTime() {
    }

    /**
     * The event time used downstream.
     *
     * @param receivedAt        when this service received the request (required)
     * @param sentAt            when the client sent it by its own clock, or null
     * @param originalTimestamp when the event happened by the client's clock, or null (then receivedAt is used)
     * @return the corrected time; never later than receivedAt, because an event cannot have happened after it arrived
     */
    public static Instant corrected(Instant receivedAt, Instant sentAt, Instant originalTimestamp) {
        Instant original = originalTimestamp == null ? receivedAt : originalTimestamp;
        Instant corrected = sentAt == null
                ? original
                : receivedAt.minus(Duration.between(original, sentAt));
        return corrected.isAfter(receivedAt) ? receivedAt : corrected;
    }
}
