package io.emarsysdest.server.rules;

import io.emarsysdest.core.rules.RuleTimer;

import java.util.List;

/**
 * Where due timers go: the event processor, which for each timer (grouped by person) loads the person's rule state,
 * calls {@code RuleEngine.onTimer}, and in one transaction calls {@code RuleStateStore.timerFired(timer)},
 * applies the result and writes the actions to the outbox. Timers come earliest first. Throwing leaves the timers
 * claimed; they are handed over again when the claim's lease ends.
 */
@FunctionalInterface
public interface TimerSink {
    void fire(List<RuleTimer> due) throws Exception;
}
