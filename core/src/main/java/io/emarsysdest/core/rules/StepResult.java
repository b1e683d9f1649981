package io.emarsysdest.core.rules;

import java.util.List;

/**
 * What one engine step produced. Apply in one transaction: save {@code state} (when {@code changed}), delete the
 * {@code timersToCancel}, upsert the {@code timersToSet}, write {@code actions} to the outbox.
 */
public record StepResult(PersonRuleState state, boolean changed, List<RuleTimer> timersToSet,
                         List<TimerKey> timersToCancel, List<RuleAction> actions, List<Trace> trace) {

    public StepResult {
        timersToSet = List.copyOf(timersToSet);
        timersToCancel = List.copyOf(timersToCancel);
        actions = List.copyOf(actions);
        trace = List.copyOf(trace);
    }

    static StepResult unchanged(PersonRuleState state) {
        return new StepResult(state, false, List.of(), List.of(), List.of(), List.of());
    }
}
