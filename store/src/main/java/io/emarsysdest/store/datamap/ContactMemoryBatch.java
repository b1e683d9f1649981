package io.emarsysdest.store.datamap;

import io.emarsysdest.core.datamap.ContactMemory;
import io.emarsysdest.core.engine.ContactMemoryStore;
import io.emarsysdest.core.datamap.ContactOperation;
import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.core.processing.ContactMemories;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contact memories one processing batch works with: loaded once per person (a query per slice of events),
 * changed in memory, written back by {@link #flush()} in the batch's transaction.
 */
public final class ContactMemoryBatch implements ContactMemories {
    private final ContactMemoryStore store;
    private final Map<String, ContactMemory> memories = new HashMap<>();
    private final Set<String> dirty = new HashSet<>();

    public ContactMemoryBatch(ContactMemoryStore store) {
        this.store = store;
    }

    /** Loads the memories of these person keys that are not loaded yet, in one query. */
    public void preload(Collection<String> personKeys) {
        Set<String> missing = new HashSet<>();
        for (String k : personKeys) if (!memories.containsKey(k)) missing.add(k);
        if (missing.isEmpty()) return;
        Map<String, ContactMemory> stored = store.load(missing);
        for (String k : missing) memories.put(k, stored.getOrDefault(k, ContactMemory.empty()));
    }

    /**
     * A person created in this batch: nothing was ever sent for it (person ids are never given out twice), so its
     * memory starts empty without a query.
     */
    public void startNew(String personKey) {
        memories.putIfAbsent(personKey, ContactMemory.empty());
    }

    /** The operations Emarsys still needs of these (one event's, for this person), remembering them as sent. */
    @Override
    public List<ContactOperation> filter(String personKey, List<ContactOperation> ops) {
        ContactMemory m = memories.get(personKey);
        if (m == null) {
            preload(List.of(personKey));
            m = memories.get(personKey);
        }
        List<ContactOperation> out = m.filter(ops);
        // The memory changed exactly when something it tracks was let through.
        for (ContactOperation op : out) {
            if (op.op() != Operation.EVENT_TRIGGER) {
                dirty.add(personKey);
                break;
            }
        }
        return out;
    }

    /** Starts the person from nothing (merged, or its history is in doubt): everything is sent again. */
    @Override
    public void forget(String personKey) {
        memories.put(personKey, ContactMemory.empty());
        dirty.add(personKey);
    }

    /** Writes the memories this batch changed (a forgotten one that stayed empty is deleted). */
    public void flush() {
        if (dirty.isEmpty()) return;
        Map<String, ContactMemory> write = new HashMap<>();
        for (String k : dirty) write.put(k, memories.get(k));
        store.save(write);
        dirty.clear();
    }
}
