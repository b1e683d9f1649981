package io.emarsysdest.testkit.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.datamap.ContactMemory;
import io.emarsysdest.core.engine.ContactMemoryStore;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link ContactMemoryStore} keeping each memory as its JSON, so what a caller loads is a copy it may change
 * without saving, as with a database; changes are undone through the journal.
 */
public final class InMemoryContactMemoryStore implements ContactMemoryStore {
    private final Journal journal;
    private final Map<String, ObjectNode> memories = new HashMap<>();

    public InMemoryContactMemoryStore(Journal journal) {
        this.journal = journal;
    }

    @Override
    public Map<String, ContactMemory> load(Collection<String> personKeys) {
        Map<String, ContactMemory> out = new HashMap<>();
        for (String k : personKeys) {
            ObjectNode json = memories.get(k);
            if (json != null) out.put(k, ContactMemory.fromJson(json));
        }
        return out;
    }

    @Override
    public void save(Map<String, ContactMemory> changed) {
        changed.forEach((k, m) -> put(k, m.isEmpty() ? null : m.toJson().deepCopy()));
    }

    @Override
    public void forget(Collection<String> personKeys) {
        for (String k : personKeys) put(k, null);
    }

    private void put(String personKey, ObjectNode json) {
        ObjectNode before = json == null ? memories.remove(personKey) : memories.put(personKey, json);
        journal.undo(() -> {
            if (before == null) memories.remove(personKey);
            else memories.put(personKey, before);
        });
    }
}
