package io.emarsysdest.testkit.engine;

import io.emarsysdest.core.engine.RuleStateStore;
import io.emarsysdest.core.rules.PersonRuleState;
import io.emarsysdest.core.rules.RuleTimer;
import io.emarsysdest.core.rules.TimerKey;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link RuleStateStore} in maps: states (immutable records) by person, timers by key with the time their claim
 * ends; changes are undone through the journal. Times are kept in milliseconds, as the databases keep them.
 */
public final class InMemoryRuleStateStore implements RuleStateStore {
    private static final Comparator<RuleTimer> BY_DUE = Comparator.comparing(RuleTimer::dueAt)
            .thenComparing(RuleTimer::ruleId).thenComparing(RuleTimer::instanceId);

    private record StoredTimer(RuleTimer timer, long claimedUntilMs) {
    }

    private final Journal journal;
    private final Map<String, PersonRuleState> states = new HashMap<>();
    private final Map<TimerKey, StoredTimer> timers = new LinkedHashMap<>();

    public InMemoryRuleStateStore(Journal journal) {
        this.journal = journal;
    }

    @Override
    public Map<String, PersonRuleState> load(Collection<String> personIds) {
        Map<String, PersonRuleState> out = new HashMap<>();
        for (String id : personIds) out.put(id, states.getOrDefault(id, PersonRuleState.empty(id)));
        return out;
    }

    @Override
    public void saveAll(Collection<PersonRuleState> changed, Instant now) {
        for (PersonRuleState s : changed) {
            PersonRuleState before = s.isEmpty() ? states.remove(s.personId()) : states.put(s.personId(), s);
            journal.undo(() -> {
                if (before == null) states.remove(s.personId());
                else states.put(s.personId(), before);
            });
        }
    }

    @Override
    public void applyTimers(List<RuleTimer> set, List<TimerKey> cancel) {
        for (TimerKey k : cancel) put(k, null);
        for (RuleTimer t : set) {
            put(t.key(), new StoredTimer(new RuleTimer(t.personId(), t.ruleId(), t.instanceId(), t.version(),
                    millis(t.deadline()), millis(t.dueAt())), 0));
        }
    }

    @Override
    public boolean timerFired(RuleTimer timer) {
        StoredTimer stored = timers.get(timer.key());
        if (stored == null || !stored.timer().deadline().equals(millis(timer.deadline()))
                || !stored.timer().dueAt().equals(millis(timer.dueAt()))) return false;
        put(timer.key(), null);
        return true;
    }

    @Override
    public List<RuleTimer> timersOf(String personId) {
        return timers.values().stream().map(StoredTimer::timer).filter(t -> t.personId().equals(personId)).sorted(BY_DUE).toList();
    }

    @Override
    public Optional<Instant> nextDueAt(Instant now) {
        return timers.values().stream().filter(t -> t.claimedUntilMs() <= now.toEpochMilli())
                .map(t -> t.timer().dueAt()).min(Comparator.naturalOrder());
    }

    @Override
    public List<RuleTimer> claimDue(Instant now, int limit, Duration lease) {
        long at = now.toEpochMilli();
        List<StoredTimer> due = timers.values().stream()
                .filter(t -> !t.timer().dueAt().isAfter(now) && t.claimedUntilMs() <= at)
                .sorted(Comparator.comparing(StoredTimer::timer, BY_DUE)).limit(limit).toList();
        long until = now.plus(lease).toEpochMilli();
        for (StoredTimer t : due) put(t.timer().key(), new StoredTimer(t.timer(), until));
        return due.stream().map(StoredTimer::timer).toList();
    }

    @Override
    public int releaseClaims() {
        List<StoredTimer> claimed = timers.values().stream().filter(t -> t.claimedUntilMs() != 0).toList();
        for (StoredTimer t : claimed) put(t.timer().key(), new StoredTimer(t.timer(), 0));
        return claimed.size();
    }

    @Override
    public long pendingTimers() {
        return timers.size();
    }

    @Override
    public void erase(Collection<String> personIds) {
        Set<String> persons = new HashSet<>(personIds);
        saveAll(persons.stream().filter(states::containsKey).map(PersonRuleState::empty).toList(), Instant.EPOCH);
        for (TimerKey k : List.copyOf(timers.keySet())) if (persons.contains(k.personId())) put(k, null);
    }

    private void put(TimerKey key, StoredTimer timer) {
        StoredTimer before = timer == null ? timers.remove(key) : timers.put(key, timer);
        journal.undo(() -> {
            if (before == null) timers.remove(key);
            else timers.put(key, before);
        });
    }

    private static Instant millis(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS);
    }
}
