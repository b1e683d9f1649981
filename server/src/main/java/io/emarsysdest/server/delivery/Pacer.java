package io.emarsysdest.server.delivery;

import java.time.Instant;

/** How a delivery worker waits for a time (rate budget, linger). Tests substitute one that moves a manual clock. */
@FunctionalInterface
public interface Pacer {
    /** Returns when {@code until} has come, or early with false when the service is stopping. */
    boolean sleepUntil(Instant until);
}
