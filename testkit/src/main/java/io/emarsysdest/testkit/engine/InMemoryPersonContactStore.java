package io.emarsysdest.testkit.engine;

import io.emarsysdest.core.engine.ContactKey;
import io.emarsysdest.core.engine.PersonContact;
import io.emarsysdest.core.engine.PersonContactStore;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link PersonContactStore} as each person's contacts with the time first recorded; changes are undone through the journal. */
public final class InMemoryPersonContactStore implements PersonContactStore {
    private final Journal journal;
    private final Map<String, Map<ContactKey, Instant>> contacts = new HashMap<>();

    public InMemoryPersonContactStore(Journal journal) {
        this.journal = journal;
    }

    @Override
    public void record(Collection<PersonContact> entries, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        for (PersonContact e : entries) {
            Map<ContactKey, Instant> of = contacts.computeIfAbsent(e.personKey(), k -> new LinkedHashMap<>());
            if (of.putIfAbsent(e.contact(), at) != null) continue;
            journal.undo(() -> {
                of.remove(e.contact());
                if (of.isEmpty()) contacts.remove(e.personKey());
            });
        }
    }

    @Override
    public List<ContactKey> of(Collection<String> personKeys) {
        Map<ContactKey, Instant> first = new HashMap<>();
        for (String p : personKeys) {
            contacts.getOrDefault(p, Map.of()).forEach((k, at) -> first.merge(k, at, (a, b) -> a.isBefore(b) ? a : b));
        }
        return first.entrySet().stream()
                .sorted(Map.Entry.<ContactKey, Instant>comparingByValue()
                        .thenComparing(e -> e.getKey().keyField()).thenComparing(e -> e.getKey().keyValue()))
                .map(Map.Entry::getKey).toList();
    }

    @Override
    public void forget(Collection<String> personKeys) {
        for (String p : personKeys) {
            Map<ContactKey, Instant> before = contacts.remove(p);
            if (before != null) journal.undo(() -> contacts.put(p, before));
        }
    }
}
