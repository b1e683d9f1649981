package io.emarsysdest.core.rules;

import java.time.Duration;

/**
 * @param grace                 wall-clock delay after a deadline before its timer fires, so slightly late events
 *                              (whose corrected time is inside the window) still count
 * @param ignoreEventsOlderThan an event whose corrected time is older than this (relative to now) may advance an
 *                              instance but never starts one: replays and history imports must not send campaigns
 */
public record TimeSettings(Duration grace, Duration ignoreEventsOlderThan) {
    public static final TimeSettings DEFAULT = new TimeSettings(Duration.ofMinutes(1), Duration.ofDays(2));
}
