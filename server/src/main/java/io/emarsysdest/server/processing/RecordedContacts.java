package io.emarsysdest.server.processing;

import io.emarsysdest.core.delivery.NewOutboxItem;
import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.core.engine.ContactKey;
import io.emarsysdest.core.engine.PersonContact;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which (person, contact key) pairs are known to be in {@code person_contact}, so a batch records only the contacts
 * its upserts reach for the first time instead of writing a row per upsert. Pairs become known after the batch's
 * commit (a rolled-back batch recorded nothing). Forgetting is safe: a pair recorded again is left as it is.
 */
final class RecordedContacts {
    static final int DEFAULT_CAPACITY = 100_000;

    private final int capacity;
    private final Set<PersonContact> known = new HashSet<>();
    private final Set<PersonContact> pending = new HashSet<>();

    RecordedContacts(int capacity) {
        this.capacity = capacity;
    }

    /** The contacts of these items' upserts not known to be recorded yet (each once). */
    List<PersonContact> unrecorded(List<NewOutboxItem> items) {
        List<PersonContact> out = new ArrayList<>();
        for (NewOutboxItem it : items) {
            if (it.op() != Operation.CONTACT_UPSERT) continue;
            PersonContact e = new PersonContact(it.personKey(), new ContactKey(it.keyField(), it.keyValue()));
            if (!known.contains(e) && pending.add(e)) out.add(e);
        }
        return out;
    }

    void afterCommit() {
        if (known.size() + pending.size() > capacity) known.clear();
        known.addAll(pending);
        pending.clear();
    }

    void afterRollback() {
        pending.clear();
    }
}
