package io.emarsysdest.store.processing;

import io.emarsysdest.core.delivery.NewOutboxItem;
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

    private static void delete(Connection tx, String table, List<Object> ids) throws SQLException {
        String marks = String.join(",", Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement s = tx.prepareStatement("DELETE FROM " + table + " WHERE person_id IN (" + marks + ")")) {
            for (int i = 0; i < ids.size(); i++) s.setObject(i + 1, ids.get(i));
            s.executeUpdate();
        }
    }
}
