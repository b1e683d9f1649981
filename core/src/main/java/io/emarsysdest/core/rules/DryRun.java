package io.emarsysdest.core.rules;

import io.emarsysdest.core.event.Event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs rules over a list of events of one person with a simulated clock: the clock advances to each event's arrival
 * ({@code receivedAt}), firing the timers that fall due before it in due order, and finally to {@code endAt}
 * (when given). Reports what would fire, when, and the trace of every instance. Nothing is stored or sent.
 */
public final class DryRun {
    private final RuleEngine engine;

    public DryRun(RuleEngine engine) {
        this.engine = engine;
    }

    /** A fire that would happen: the action and the simulated wall-clock time. */
    public record Fire(Instant at, RuleAction action) {
    }

    /**
     * @param fires          what would fire, in order
     * @param trace          everything the engine did, in order
     * @param pendingTimers  timers still waiting at the end
     * @param finalState     the person's rule state at the end
     */
    public record Report(List<Fire> fires, List<Trace> trace, List<RuleTimer> pendingTimers, PersonRuleState finalState) {
    }

    public Report run(RuleSet rules, PersonContext person, List<Event> events, Instant endAt) {
        List<Event> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparing(Event::receivedAt)); // stable: equal arrivals keep the given order
        PersonRuleState state = PersonRuleState.empty(person.personId());
        Map<TimerKey, RuleTimer> timers = new HashMap<>();
        List<Fire> fires = new ArrayList<>();
        List<Trace> trace = new ArrayList<>();
        for (Event e : ordered) {
            state = fireDue(rules, person, state, timers, e.receivedAt(), fires, trace);
            StepResult r = engine.onEvent(rules, state, person, e, e.receivedAt());
            state = apply(r, timers, fires, trace, e.receivedAt());
        }
        if (endAt != null) state = fireDue(rules, person, state, timers, endAt, fires, trace);
        List<RuleTimer> pending = new ArrayList<>(timers.values());
        pending.sort(Comparator.comparing(RuleTimer::dueAt));
        return new Report(fires, trace, pending, state);
    }

    private PersonRuleState fireDue(RuleSet rules, PersonContext person, PersonRuleState state, Map<TimerKey, RuleTimer> timers,
                                    Instant until, List<Fire> fires, List<Trace> trace) {
        while (true) {
            RuleTimer next = null;
            for (RuleTimer t : timers.values()) {
                if (!t.dueAt().isAfter(until) && (next == null || t.dueAt().isBefore(next.dueAt()))) next = t;
            }
            if (next == null) return state;
            timers.remove(next.key());
            StepResult r = engine.onTimer(rules, state, person, next, next.dueAt());
            state = apply(r, timers, fires, trace, next.dueAt());
        }
    }

    private static PersonRuleState apply(StepResult r, Map<TimerKey, RuleTimer> timers, List<Fire> fires, List<Trace> trace, Instant at) {
        for (TimerKey k : r.timersToCancel()) timers.remove(k);
        for (RuleTimer t : r.timersToSet()) timers.put(t.key(), t);
        for (RuleAction a : r.actions()) fires.add(new Fire(at, a));
        trace.addAll(r.trace());
        return r.state();
    }
}
