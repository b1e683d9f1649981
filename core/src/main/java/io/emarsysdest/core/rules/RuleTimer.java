package io.emarsysdest.core.rules;

import java.time.Instant;

/**
 * A durable timer: fire at {@code dueAt} (wall clock) for the instance's current step whose deadline is {@code deadline}.
 * A fired timer whose deadline no longer matches the instance is stale and ignored.
 */
public record RuleTimer(String personId, String ruleId, String instanceId, int version, Instant deadline, Instant dueAt) {
    public TimerKey key() {
        return new TimerKey(personId, ruleId, instanceId);
    }
}
