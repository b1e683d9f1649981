package io.emarsysdest.store.processing;

import io.emarsysdest.core.delivery.NewOutboxItem;
import io.emarsysdest.core.identity.DeletedPerson;
import io.emarsysdest.core.identity.IdType;
import io.emarsysdest.store.datamap.JdbcContactMemoryStore;
import io.emarsysdest.store.identity.PersonDataEraser;
import io.emarsysdest.store.rules.JdbcRuleStateStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** What processing keeps per person outside the users table, erased in a privacy deletion's transaction. */
public final class PersonErasers {
    private PersonErasers() {
    }

    /** Held triggers, rule state, rule timers, refused keys and the memory of what was sent to Emarsys, of the deleted persons. */
    public static PersonDataEraser processingData() {
        return (tx, personIds) -> {
            if (personIds.isEmpty()) return;
            new HeldOutbox(tx).erase(personIds);
            new JdbcRefusedKeyStore(tx).erase(personIds);
            List<String> asText = personIds.stream().map(id -> Long.toString(id)).toList(); // rules key persons by text
            new JdbcRuleStateStore(tx).erase(asText);
            new JdbcContactMemoryStore(tx).forget(personIds.stream().map(NewOutboxItem::personKey).toList());
        };
    }

    /**
     * The deleted persons' events kept with a processing failure (the event log's copy is purged by the deletion):
     * retried, one would bring the person back.
     */
    public static PersonDataEraser processingFailures() {
        return new PersonDataEraser() {
            @Override
            public void erase(Connection tx, List<Long> personIds) {
                throw new UnsupportedOperationException("needs the deleted identifiers");
            }

            @Override
            public void erase(Connection tx, DeletedPerson person) throws SQLException {
                new JdbcProcessingFailureStore(tx).forgetEventsOf(person.raw(IdType.USER_ID), person.raw(IdType.ANONYMOUS_ID));
            }
        };
    }
}
