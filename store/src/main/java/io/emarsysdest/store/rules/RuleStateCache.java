package io.emarsysdest.store.rules;

import io.emarsysdest.core.rules.PersonRuleState;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Persons' rule states as last committed, kept between the processor's transactions so that a batch does not read
 * and decode again the states the previous batches just wrote. Empty states are kept too (most persons have none).
 * <p>
 * Single writer: the processor thread passes it to each {@link RuleBatch} and calls {@link #afterCommit} or
 * {@link #afterRollback} once the transaction ends; states written by a transaction count only after its commit.
 * It assumes nobody else writes {@code rule_state}: call {@link #invalidate} (thread-safe) after any outside change.
 * Capacity 0 keeps nothing between transactions.
 */
public final class RuleStateCache {
    /** Persons kept by default (a few hundred bytes each). */
    public static final int DEFAULT_CAPACITY = 50_000;

    private final int capacity;
    private final Map<String, PersonRuleState> committed = new HashMap<>();
    private final Map<String, PersonRuleState> written = new HashMap<>();
    private final AtomicBoolean invalidated = new AtomicBoolean();
    private boolean open;

    public RuleStateCache(int capacity) {
        this.capacity = capacity;
    }

    /** Called by a RuleBatch when it starts in a transaction: drops everything when the last one did not end cleanly. */
    void begin() {
        if (invalidated.getAndSet(false) || open) clear();
        open = true;
    }

    /** The person's state as committed, or null when not known here. */
    PersonRuleState get(String personId) {
        return committed.get(personId);
    }

    /** A state read from the database in the open transaction (before it wrote that person: the committed one). */
    void loaded(PersonRuleState state) {
        if (capacity > 0) committed.putIfAbsent(state.personId(), state);
    }

    /** A state the open transaction wrote: it becomes the committed one if the transaction commits. */
    void written(PersonRuleState state) {
        written.put(state.personId(), state);
    }

    /** The transaction committed: its writes are now the committed states. */
    public void afterCommit() {
        open = false;
        if (capacity > 0) committed.putAll(written);
        written.clear();
        if (committed.size() > capacity) committed.clear();
    }

    /** The transaction rolled back: what it read or wrote may not match the database, so nothing is kept. */
    public void afterRollback() {
        open = false;
        clear();
    }

    /** Drops everything before the next transaction; call after {@code rule_state} changed elsewhere. Thread-safe. */
    public void invalidate() {
        invalidated.set(true);
    }

    public int size() {
        return committed.size();
    }

    private void clear() {
        committed.clear();
        written.clear();
    }
}
