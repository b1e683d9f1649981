package io.emarsysdest.core.rules;

import java.util.Optional;

/** When a person (per correlation value) may start a rule again. */
public enum ReentryMode {
    /** Only ever once per rule id (across versions) and correlation value. */
    ONCE("once"),
    /** Again once the previous instance for the same correlation value has ended (fired, expired or exited). */
    AFTER_EXIT("afterExit"),
    /** On every entry event, up to {@code maxActive} live instances. */
    ALWAYS("always");

    private final String wire;

    ReentryMode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<ReentryMode> fromWire(String s) {
        for (ReentryMode m : values()) if (m.wire.equals(s)) return Optional.of(m);
        return Optional.empty();
    }
}
