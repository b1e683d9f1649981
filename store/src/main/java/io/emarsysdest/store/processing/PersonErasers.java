package io.emarsysdest.store.processing;

import io.emarsysdest.core.delivery.NewOutboxItem;
import io.emarsysdest.core.identity.DeletedPerson;
import io.emarsysdest.core.identity.IdType;
import io.emarsysdest.store.datamap.JdbcContactMemory;
import io.emarsysdest.store.identity.PersonDataEraser;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

/** What processing keeps per person outside the users table, erased in a privacy deletion's transaction. */
public final class PersonErasers {
    private PersonErasers() {
    }

    /** Held triggers, rule state, rule timers, refused keys and the memory of what was sent to Emarsys, of the deleted persons. */
    public static PersonDataEraser processingData() {
        return (tx, personIds) -> {
            if (personIds.isEmpty()) return;
            delete(tx, "held_outbox", personIds.stream().map(Object.class::cast).toList());
            delete(tx, "refused_keys", personIds.stream().map(Object.class::cast).toList());
            List<Object> asText = personIds.stream().map(id -> (Object) Long.toString(id)).toList(); // rules key persons by text
            delete(tx, "rule_state", asText);
            delete(tx, "rule_timer", asText);
            JdbcContactMemory.forget(tx, personIds.stream().map(NewOutboxItem::personKey).toList());
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
                ProcessingFailures.forgetEventsOf(tx, person.raw(IdType.USER_ID), person.raw(IdType.ANONYMOUS_ID));
            }
        };
    }

    private static void delete(Connection tx, String table, List<Object> ids) throws SQLException {
        String marks = String.join(",", Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement s = tx.prepareStatement("DELETE FROM " + table + " WHERE person_id IN (" + marks + ")")) {
            for (int i = 0; i < ids.size(); i++) s.setObject(i + 1, ids.get(i));
            s.executeUpdate();
        }
    }
}
