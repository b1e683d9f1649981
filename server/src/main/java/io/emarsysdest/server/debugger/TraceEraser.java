package io.emarsysdest.server.debugger;

import io.emarsysdest.core.delivery.NewOutboxItem;
import io.emarsysdest.core.identity.DeletedPerson;
import io.emarsysdest.core.identity.Identifier;
import io.emarsysdest.store.identity.PersonDataEraser;

import java.sql.Connection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Part of a privacy deletion: the debugger's memory forgets the person's event traces and every request that carried
 * its items (their bodies hold its contact data). Nothing in the transaction: a deletion that rolls back only costs
 * the traces.
 */
public final class TraceEraser implements PersonDataEraser {
    private final EventTraces events;
    private final RequestTraces requests;

    public TraceEraser(EventTraces events, RequestTraces requests) {
        this.events = events;
        this.requests = requests;
    }

    @Override
    public void erase(Connection tx, List<Long> personIds) {
        forget(personIds, Set.of());
    }

    @Override
    public void erase(Connection tx, DeletedPerson person) {
        Set<String> identifiers = new HashSet<>();
        for (Identifier i : person.identifiers()) identifiers.add(i.raw());
        if (person.primaryKeyRaw() != null) identifiers.add(person.primaryKeyRaw());
        forget(person.personIds(), identifiers);
    }

    private void forget(List<Long> personIds, Set<String> identifiers) {
        Set<String> keys = new HashSet<>();
        for (long id : personIds) keys.add(NewOutboxItem.personKey(id));
        events.forget(new HashSet<>(personIds), identifiers);
        requests.forget(keys);
    }
}
