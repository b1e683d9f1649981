package io.emarsysdest.server.rules;

import io.emarsysdest.core.validation.Problem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * @param batchSize    most timers claimed and handed to the sink at once
 * @param lease        how long a claimed timer stays invisible to other pollers; after it, an unapplied timer is due again
 * @param maxSleep     longest wait between polls even when no timer is due (catches timers written by other nodes)
 * @param errorBackoff wait after a failed poll or sink call
 * @param releaseClaimsOnStart release every claim at start, so timers claimed by a crashed run fire at once: right for
 *                             a single node (embedded); with several nodes sharing PostgreSQL, leave it off and let
 *                             leases expire
 */
public record TimerServiceConfig(int batchSize, Duration lease, Duration maxSleep, Duration errorBackoff,
                                 boolean releaseClaimsOnStart) {
    public static final TimerServiceConfig DEFAULT =
            new TimerServiceConfig(500, Duration.ofMinutes(1), Duration.ofMillis(500), Duration.ofSeconds(1), true);

    public List<Problem> validate() {
        List<Problem> p = new ArrayList<>();
        if (batchSize < 1 || batchSize > 10_000) p.add(new Problem("batchSize", "out_of_range", "batchSize must be 1 to 10000"));
        if (lease == null || lease.compareTo(Duration.ofSeconds(5)) < 0) p.add(new Problem("lease", "out_of_range", "lease must be at least 5 seconds"));
        if (maxSleep == null || maxSleep.isNegative() || maxSleep.isZero() || maxSleep.compareTo(Duration.ofSeconds(10)) > 0)
            p.add(new Problem("maxSleep", "out_of_range", "maxSleep must be between 1 ms and 10 s"));
        if (errorBackoff == null || errorBackoff.isNegative()) p.add(new Problem("errorBackoff", "out_of_range", "errorBackoff must not be negative"));
        return p;
    }
}
