package io.emarsysdest.testkit.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that moves only when told to (millisecond resolution, like the outbox's stored times). */
public final class StepClock implements InstantSource {
    private volatile Instant now;

    public StepClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant instant() {
        return now;
    }

    public synchronized void advance(Duration by) {
        now = now.plus(by);
    }

    /** Moves forward to {@code t}; never backwards. */
    public synchronized void advanceTo(Instant t) {
        if (t.isAfter(now)) now = t;
    }
}
