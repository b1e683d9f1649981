package io.emarsysdest.testkit.engine;

import io.emarsysdest.core.engine.RefusedKey;
import io.emarsysdest.core.engine.RefusedKeyStore;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/** {@link RefusedKeyStore} in a map ordered by id; changes are undone through the journal. */
public final class InMemoryRefusedKeyStore implements RefusedKeyStore {
    private final Journal journal;
    private final TreeMap<Long, RefusedKey> refused = new TreeMap<>();
    private long lastId;

    public InMemoryRefusedKeyStore(Journal journal) {
        this.journal = journal;
    }

    @Override
    public void record(List<RefusedKey> keys) {
        for (RefusedKey k : keys) {
            long id = ++lastId;
            refused.put(id, new RefusedKey(id, k.refusedAt().truncatedTo(ChronoUnit.MILLIS), k.logOffset(), k.messageId(),
                    k.personId(), k.storedValue(), k.reason()));
            journal.undo(() -> refused.remove(id)); // ids are not reused after a rollback, as with a database sequence
        }
        while (!refused.isEmpty() && refused.firstKey() <= lastId - RefusedKey.KEPT) remove(refused.firstKey());
    }

    @Override
    public List<RefusedKey> latest(int limit) {
        return refused.descendingMap().values().stream().limit(limit).toList();
    }

    @Override
    public long count() {
        return refused.size();
    }

    @Override
    public void erase(Collection<Long> personIds) {
        Set<Long> persons = new HashSet<>(personIds);
        for (RefusedKey k : new ArrayList<>(refused.values())) {
            if (k.personId() != null && persons.contains(k.personId())) remove(k.id());
        }
    }

    private void remove(long id) {
        RefusedKey before = refused.remove(id);
        if (before != null) journal.undo(() -> refused.put(id, before));
    }
}
