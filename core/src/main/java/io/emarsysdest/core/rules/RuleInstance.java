package io.emarsysdest.core.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/**
 * One live run of a rule version for one person and correlation value.
 *
 * @param instanceId     unique per person and rule: the entry event's messageId
 * @param key            the correlation value ("" when the rule has no correlation key)
 * @param enteredAt      the entry event's corrected time
 * @param stepIndex      the step being waited on (0-based)
 * @param stepTimes      completion times of the completed steps (event time; an absence completes at its deadline)
 * @param deadline       the current step's deadline on event time
 * @param dueAt          when the current step's timer fires on the wall clock: deadline + grace
 * @param counted        the events counted so far by the current count step
 * @param captured       captured event fields for the action template: {"entry.properties.name": …}; read only
 */
public record RuleInstance(
        String ruleId,
        int version,
        String instanceId,
        String key,
        String entryMessageId,
        Instant enteredAt,
        int stepIndex,
        List<Instant> stepTimes,
        Instant deadline,
        Instant dueAt,
        List<Counted> counted,
        ObjectNode captured) {

    public RuleInstance {
        stepTimes = List.copyOf(stepTimes);
        counted = List.copyOf(counted);
    }

    /** The time of the latest completed step, or the entry: later step events must not be earlier. */
    public Instant lastProgressAt() {
        return stepTimes.isEmpty() ? enteredAt : stepTimes.get(stepTimes.size() - 1);
    }

    public TimerKey timerKey(String personId) {
        return new TimerKey(personId, ruleId, instanceId);
    }

    RuleInstance withProgress(int newStepIndex, List<Instant> newStepTimes, Instant newDeadline, Instant newDueAt,
                              List<Counted> newCounted, ObjectNode newCaptured) {
        return new RuleInstance(ruleId, version, instanceId, key, entryMessageId, enteredAt, newStepIndex, newStepTimes,
                newDeadline, newDueAt, newCounted, newCaptured);
    }
}
