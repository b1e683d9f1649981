package io.emarsysdest.core.rules;

/** Identifies a rule timer: there is at most one per instance (the current step's deadline). */
public record TimerKey(String personId, String ruleId, String instanceId) {
}
