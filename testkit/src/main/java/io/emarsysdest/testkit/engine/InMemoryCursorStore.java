package io.emarsysdest.testkit.engine;

import io.emarsysdest.core.engine.CursorMovedException;
import io.emarsysdest.core.engine.CursorStore;

import java.util.HashMap;
import java.util.Map;

/** {@link CursorStore} in a map; changes are undone through the journal. */
public final class InMemoryCursorStore implements CursorStore {
    private final Journal journal;
    private final Map<String, Long> positions = new HashMap<>();

    public InMemoryCursorStore(Journal journal) {
        this.journal = journal;
    }

    @Override
    public long position(String name) {
        return positions.getOrDefault(name, 0L);
    }

    @Override
    public void advance(String name, long from, long to) {
        if (to < from) throw new IllegalArgumentException("the cursor '" + name + "' cannot go back from " + from + " to " + to);
        long at = position(name);
        if (at != from) throw new CursorMovedException(name, from, at);
        Long before = positions.put(name, to);
        journal.undo(() -> {
            if (before == null) positions.remove(name);
            else positions.put(name, before);
        });
    }
}
