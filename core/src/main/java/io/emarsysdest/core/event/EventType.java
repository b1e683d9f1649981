package io.emarsysdest.core.event;

import java.util.Locale;
import java.util.Optional;

/** The six Segment call types. */
public enum EventType {
    IDENTIFY, TRACK, PAGE, SCREEN, GROUP, ALIAS;

    /** The lower-case name used on the wire and in paths ({@code /v1/track}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<EventType> fromWire(String value) {
        if (value == null) return Optional.empty();
        for (EventType t : values()) {
            if (t.wireName().equals(value)) return Optional.of(t);
        }
        return Optional.empty();
    }
}
