package io.emarsysdest.store.identity;

import java.sql.SQLException;

/**
 * A failed statement of the users table, unchecked so the core's repository port stays free of JDBC. The
 * transaction must be rolled back; {@link #isConflict()} says whether retrying the batch is expected to succeed
 * (another writer created the same identifier, or SQLite's snapshot went stale).
 */
public class StoreException extends RuntimeException {
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
