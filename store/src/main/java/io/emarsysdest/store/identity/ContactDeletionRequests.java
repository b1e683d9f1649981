package io.emarsysdest.store.identity;

import io.emarsysdest.core.engine.ContactKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Asks for Emarsys contacts to be deleted, inside the transaction that deletes the person (so both happen or
 * neither). Wired to the outbox by the server.
 */
@FunctionalInterface
public interface ContactDeletionRequests {
    /**
     * @param personKey the deleted person's key (outbox order: the deletions wait for the person's items in flight)
     * @param contacts  every contact the service created or updated for the person, by the key values sent
     */
    void request(Connection tx, String personKey, List<ContactKey> contacts) throws SQLException;
}
