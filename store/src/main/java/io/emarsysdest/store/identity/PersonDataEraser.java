package io.emarsysdest.store.identity;

import io.emarsysdest.core.identity.DeletedPerson;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Deletes what another area keeps about persons (rule state, held triggers, audience rows) in the transaction of a
 * privacy deletion, so nothing about the person outlives it.
 */
@FunctionalInterface
public interface PersonDataEraser {
    /** @param personIds the person and every person merged into it */
    void erase(Connection tx, List<Long> personIds) throws SQLException;

    /** What the deletion calls: by person ids, unless the eraser needs the deleted identifiers too. */
    default void erase(Connection tx, DeletedPerson person) throws SQLException {
        erase(tx, person.personIds());
    }
}
