package io.emarsysdest.core.event;

import java.util.Locale;
import java.util.Optional;

/** The six Segment call types. */
public enum EventType {
    IDENTIFY, TRACK, PAGE, SCREEN, GROUP, ALIAS;

    // read for every stored event: computed once instead of values() copies and lower-casing per call
    private static final EventType[] ALL = values();
    private final String wire = name().toLowerCase(Locale.ROOT);
    private final Optional<EventType> self = Optional.of(this);

    /** The lower-case name used on the wire and in paths ({@code /v1/track}). */
    public String wireName() {
        return wire;
    }

    public static Optional<EventType> fromWire(String value) {
        if (value == null) return Optional.empty();
        for (EventType t : ALL) {
            if (t.wire.equals(value)) return t.self;
        }
        return Optional.empty();
    }
}
