package io.emarsysdest.store.identity;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Asks for an Emarsys contact to be deleted, inside the transaction that deletes the person (so both happen or
 * neither). Wired to the outbox by the server.
 */
@FunctionalInterface
public interface ContactDeletionRequests {
    /** @param primaryKeyRaw the contact's key value as it was sent to Emarsys */
    void request(Connection tx, String primaryKeyRaw) throws SQLException;
}
