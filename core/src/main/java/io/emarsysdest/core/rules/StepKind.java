package io.emarsysdest.core.rules;

import java.util.Optional;

/** What a step waits for. */
public enum StepKind {
    /** The next matching event inside the window completes the step; none expires the instance. */
    EVENT("event"),
    /** At least {@code min} (and, when set, at most {@code max}) distinct matching events inside the window. */
    COUNT("count"),
    /** No matching event inside the window: completes when the window closes, a match ends the instance. */
    ABSENCE("absence");

    private final String wire;

    StepKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<StepKind> fromWire(String s) {
        for (StepKind k : values()) if (k.wire.equals(s)) return Optional.of(k);
        return Optional.empty();
    }
}
