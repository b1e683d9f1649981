package io.emarsysdest.store.identity;

import io.emarsysdest.core.engine.StateStoreException;

import java.sql.SQLException;

/**
 * A failed statement of a JDBC state port (the users table, the cursor, processing failures, ...), unchecked so the
 * core's ports stay free of JDBC. The transaction must be rolled back; {@link #isConflict()} says whether retrying the batch is expected to succeed
 * (another writer created the same identifier, or SQLite's snapshot went stale).
 */
public class StoreException extends StateStoreException {
    public StoreException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    @Override
    public synchronized SQLException getCause() {
        return (SQLException) super.getCause();
    }

    public boolean isConflict() {
        return Conflicts.isConflict(getCause());
    }
}
