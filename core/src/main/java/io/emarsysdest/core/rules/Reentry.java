package io.emarsysdest.core.rules;

import java.time.Duration;

/**
 * Re-entry policy.
 *
 * @param cooldown  minimum wall-clock time after the last fire (same rule and correlation value) before a new instance
 *                  may start or another instance may fire; {@link Duration#ZERO} for none
 * @param maxActive most live instances of this rule per person (across correlation values)
 */
public record Reentry(ReentryMode mode, Duration cooldown, int maxActive) {
    public static final Reentry DEFAULT = new Reentry(ReentryMode.AFTER_EXIT, Duration.ZERO, 5);
}
