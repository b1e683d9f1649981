package io.emarsysdest.core.engine;

import io.emarsysdest.core.rules.PersonRuleState;
import io.emarsysdest.core.rules.RuleTimer;
import io.emarsysdest.core.rules.StepResult;
import io.emarsysdest.core.rules.TimerKey;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tables {@code rule_state} and {@code rule_timer}: each person's rule instances and memories, and the timer queue,
 * whose due timers are claimed with a lease so that one poller hands each to the processor once. A claimed timer
 * that is not fired (its processing failed, or the process died) becomes due again when the lease ends.
 */
public interface RuleStateStore {
    /** The states of these persons; a person without a stored state gets an empty one. */
    Map<String, PersonRuleState> load(Collection<String> personIds);

    /** Stores these states, each person at most once; an empty state deletes the person's row. */
    void saveAll(Collection<PersonRuleState> states, Instant now);

    /** Cancels timers, then sets timers (a timer set again replaces the earlier one and is no longer claimed). */
    void applyTimers(List<RuleTimer> set, List<TimerKey> cancel);

    /**
     * Removes a timer that has just been handed to the engine, unless it was replaced meanwhile (a newer deadline for
     * the same instance). Call it for every fired timer, in the transaction that applies the engine's result.
     *
     * @return false when the timer was cancelled, replaced or fired already
     */
    boolean timerFired(RuleTimer timer);

    /** The stored timers of one person, earliest due first. */
    List<RuleTimer> timersOf(String personId);

    /** The earliest due time among timers not claimed at {@code now}, or empty when none is pending. */
    Optional<Instant> nextDueAt(Instant now);

    /** Claims up to {@code limit} timers due at {@code now} and not claimed (earliest first) until {@code now + lease}. */
    List<RuleTimer> claimDue(Instant now, int limit, Duration lease);

    /** Releases every claim (a single-node start: the overdue timers of a crashed run fire at once); how many. */
    int releaseClaims();

    long pendingTimers();

    /**
     * Adds what the engine did (entries, fires, exits, expiries, cancellations) to the per-rule figures the console
     * shows, in the same transaction as the states. A store that keeps no figures (a test double) ignores them.
     */
    default void recordOutcomes(List<io.emarsysdest.core.rules.Trace> traces) {
    }

    /** A privacy deletion: the states and timers of these persons. */
    void erase(Collection<String> personIds);

    default PersonRuleState load(String personId) {
        return load(List.of(personId)).get(personId);
    }

    /** Applies one engine step: the state when it changed, then its timer changes. */
    default void apply(StepResult result, Instant now) {
        if (result.changed()) saveAll(List.of(result.state()), now);
        applyTimers(result.timersToSet(), result.timersToCancel());
    }
}
