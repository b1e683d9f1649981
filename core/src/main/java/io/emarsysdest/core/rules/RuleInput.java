package io.emarsysdest.core.rules;

import io.emarsysdest.core.event.Event;

/** What drives the state machine: an event of the person, or one of the person's timers firing. */
public sealed interface RuleInput {
    record EventInput(Event event) implements RuleInput {
    }

    record TimerInput(RuleTimer timer) implements RuleInput {
    }
}
