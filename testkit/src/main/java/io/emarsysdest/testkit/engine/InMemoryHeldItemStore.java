package io.emarsysdest.testkit.engine;

import io.emarsysdest.core.engine.HeldItemStore;
import io.emarsysdest.core.processing.HeldChanges;
import io.emarsysdest.core.processing.HeldItem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link HeldItemStore} as a list per person, oldest first; changes are undone through the journal. */
public final class InMemoryHeldItemStore implements HeldItemStore {
    private final Journal journal;
    private final Map<Long, List<HeldItem>> held = new HashMap<>();

    public InMemoryHeldItemStore(Journal journal) {
        this.journal = journal;
    }

    @Override
    public List<HeldItem> of(long personId) {
        return List.copyOf(held.getOrDefault(personId, List.of()));
    }

    @Override
    public void apply(HeldChanges changes, Instant now) {
        for (long personId : changes.released()) replace(personId, List.of());
        for (HeldItem h : changes.holds()) {
            List<HeldItem> next = new ArrayList<>(of(h.personId()));
            if (h.isListChange()) next.removeIf(o -> o.isListChange() && o.target().equals(h.target()));
            next.add(h);
            replace(h.personId(), next);
        }
    }

    @Override
    public void erase(Collection<Long> personIds) {
        for (long personId : personIds) replace(personId, List.of());
    }

    private void replace(long personId, List<HeldItem> items) {
        List<HeldItem> before = items.isEmpty() ? held.remove(personId) : held.put(personId, List.copyOf(items));
        journal.undo(() -> {
            if (before == null) held.remove(personId);
            else held.put(personId, before);
        });
    }
}
