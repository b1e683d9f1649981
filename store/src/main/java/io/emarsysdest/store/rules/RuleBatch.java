package io.emarsysdest.store.rules;

import io.emarsysdest.core.engine.RuleStateStore;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.rules.PersonContext;
import io.emarsysdest.core.rules.PersonRuleState;
import io.emarsysdest.core.rules.RuleAction;
import io.emarsysdest.core.rules.RuleEngine;
import io.emarsysdest.core.rules.RuleSet;
import io.emarsysdest.core.rules.RuleTimer;
import io.emarsysdest.core.rules.StepResult;
import io.emarsysdest.core.rules.TimerKey;
import io.emarsysdest.core.rules.Trace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules part of one processing transaction: loads person states on first use (or in bulk with
 * {@link #preload}), runs the engine per event, merge or timer, keeps each person's newest state in memory for the
 * rest of the batch, and writes the changed states and the net timer changes on {@link #flush}. Not thread-safe:
 * one per transaction.
 *
 * <pre>
 * RuleBatch rules = new RuleBatch(new JdbcRuleStateStore(tx), engine, currentRuleSet);
 * rules.preload(personIdsOfInterestingEvents);           // optional, one query
 * for each event: outbox.addAll(rules.onEvent(personCtx, event, now));
 * for each merge: outbox.addAll(rules.onMerge(loserId, winnerCtx, now));
 * rules.flush(now).ifPresent(timerService::wake);        // before commit; wake after commit
 * </pre>
 */
public final class RuleBatch {
    private final RuleStateStore repo;
    private final RuleEngine engine;
    private final RuleSet rules;
    private final Map<String, PersonRuleState> states = new HashMap<>();
    private final Set<String> dirty = new LinkedHashSet<>();
    private final Map<TimerKey, RuleTimer> timerChanges = new LinkedHashMap<>(); // null value = cancel
    private final List<Trace> traces = new ArrayList<>();
    private final RuleStateCache cache; // null: every state comes from the database
    private int outcomesCounted; // traces already handed to the store's per-rule figures by an earlier flush

    public RuleBatch(RuleStateStore store, RuleEngine engine, RuleSet rules) {
        this(store, engine, rules, null);
    }

    /** With states kept between transactions by the single writer (see {@link RuleStateCache}). */
    public RuleBatch(RuleStateStore store, RuleEngine engine, RuleSet rules, RuleStateCache cache) {
        this.repo = store;
        this.engine = engine;
        this.rules = rules;
        this.cache = cache;
        if (cache != null) cache.begin();
    }

    /** Whether any rule listens to this event; when not, {@link #onEvent} does nothing and loads nothing. */
    public boolean interestedIn(Event event) {
        return rules.interestedIn(event);
    }

    public void preload(Collection<String> personIds) {
        List<String> missing = new ArrayList<>();
        for (String id : personIds) {
            if (states.containsKey(id)) continue;
            PersonRuleState cached = cache == null ? null : cache.get(id);
            if (cached != null) states.put(id, cached);
            else missing.add(id);
        }
        if (missing.isEmpty()) return;
        Map<String, PersonRuleState> loaded = repo.load(missing);
        states.putAll(loaded);
        if (cache != null) for (PersonRuleState s : loaded.values()) cache.loaded(s);
    }

    private PersonRuleState state(String personId) {
        PersonRuleState s = states.get(personId);
        if (s == null) {
            s = cache == null ? null : cache.get(personId);
            if (s == null) {
                s = repo.load(personId);
                if (cache != null) cache.loaded(s);
            }
            states.put(personId, s);
        }
        return s;
    }

    /** Runs the rules on one event of the person; returns the actions to write to the outbox. */
    public List<RuleAction> onEvent(PersonContext person, Event event, Instant now) {
        if (!rules.interestedIn(event)) return List.of();
        return take(engine.onEvent(rules, state(person.personId()), person, event, now));
    }

    /** Merges the loser's rule state into the winner's (identity merge); the loser's state and timers go away. */
    public List<RuleAction> onMerge(String loserId, PersonContext winner, Instant now) {
        PersonRuleState loser = state(loserId);
        PersonRuleState winnerState = state(winner.personId());
        if (loser.isEmpty()) return List.of();
        List<RuleAction> actions = take(engine.merge(rules, winnerState, loser, winner, now));
        states.put(loserId, PersonRuleState.empty(loserId));
        dirty.add(loserId);
        return actions;
    }

    /** Applies one fired timer (claimed by the TimerService); the timer row is deleted unless it was replaced. */
    public List<RuleAction> onTimer(PersonContext person, RuleTimer timer, Instant now) {
        repo.timerFired(timer);
        return take(engine.onTimer(rules, state(person.personId()), person, timer, now));
    }

    private List<RuleAction> take(StepResult r) {
        traces.addAll(r.trace());
        for (TimerKey k : r.timersToCancel()) timerChanges.put(k, null);
        for (RuleTimer t : r.timersToSet()) timerChanges.put(t.key(), t);
        if (r.changed()) {
            states.put(r.state().personId(), r.state());
            dirty.add(r.state().personId());
        }
        return r.actions();
    }

    /** What the engine did in this batch (count by kind for metrics). */
    public List<Trace> traces() {
        return traces;
    }

    /**
     * Writes the changed states and the net timer changes. Call once, before commit.
     *
     * @return the earliest due time among the timers set, to pass to {@code TimerService.wake} after commit
     */
    public Optional<Instant> flush(Instant now) {
        List<PersonRuleState> changed = new ArrayList<>(dirty.size());
        for (String id : dirty) changed.add(states.get(id));
        repo.saveAll(changed, now);
        if (cache != null) for (PersonRuleState s : changed) cache.written(s);
        dirty.clear();
        List<RuleTimer> set = new ArrayList<>();
        List<TimerKey> cancel = new ArrayList<>();
        Instant earliest = null;
        for (Map.Entry<TimerKey, RuleTimer> e : timerChanges.entrySet()) {
            if (e.getValue() == null) cancel.add(e.getKey());
            else {
                set.add(e.getValue());
                if (earliest == null || e.getValue().dueAt().isBefore(earliest)) earliest = e.getValue().dueAt();
            }
        }
        timerChanges.clear();
        repo.applyTimers(set, cancel);
        repo.recordOutcomes(traces.subList(outcomesCounted, traces.size())); // per-rule figures, same transaction
        outcomesCounted = traces.size();
        return Optional.ofNullable(earliest);
    }
}
