package io.emarsysdest.core.rules;

import java.time.Instant;

/**
 * One thing the engine did or refused, for the dry run, debugging and metrics (count by {@code kind}).
 *
 * @param at     the wall-clock time of the step
 * @param detail a short human explanation
 */
public record Trace(Instant at, String ruleId, int version, String instanceId, Kind kind, String detail) {
    public enum Kind {
        ENTERED, ADVANCED, COUNTED, FIRED, EXPIRED, EXITED, CANCELLED_BY_EVENT, MERGED, DROPPED,
        /** an entry refused: too old, person conditions, re-entry, cooldown, limits, no correlation value */
        NOT_ENTERED,
        /** a step event earlier than the instance's last progress */
        OUT_OF_ORDER,
        /** a step event after the step's deadline (event time), before its timer fired */
        OUTSIDE_WINDOW,
        /** a step event arriving after the deadline it belonged to has already fired */
        LATE,
        /** a fire suppressed because of the cooldown */
        SUPPRESSED,
        /** a timer that no longer matches its instance */
        STALE_TIMER
    }
}
