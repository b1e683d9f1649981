package io.emarsysdest.core.rules;

import java.time.Instant;

/**
 * What a person's past runs of a rule (per correlation value) leave behind for re-entry and cooldowns.
 * Keyed by rule id, not version, so "once" holds across versions.
 *
 * @param lastEnteredAt wall-clock time of the last entry
 * @param lastFiredAt   wall-clock time of the last fire, or null
 * @param entries       how many instances ever started
 * @param fires         how many times the action fired
 * @param lateBefore    the latest deadline whose timer already fired: matching events with an earlier time are late
 */
public record RuleMemory(String ruleId, String key, Instant lastEnteredAt, Instant lastFiredAt, int entries, int fires,
                         Instant lateBefore) {

    boolean same(String otherRuleId, String otherKey) {
        return ruleId.equals(otherRuleId) && key.equals(otherKey);
    }
}
