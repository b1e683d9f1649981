package io.emarsysdest.store.identity;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

/** Recognises the failures that a retry of the whole transaction resolves. */
final class Conflicts {
    private Conflicts() {
    }

    static boolean isConflict(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException s) {
                SQLiteErrorCode c = s.getResultCode();
                if (c == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY || c == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                        || c == SQLiteErrorCode.SQLITE_BUSY || c == SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT
                        || c == SQLiteErrorCode.SQLITE_LOCKED) return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.equals("23505") || state.equals("40001") || state.equals("40P01")) return true;
            }
            if (t instanceof BatchUpdateException b && b.getNextException() != null && b.getNextException() != t) {
                if (isConflict(b.getNextException())) return true;
            }
        }
        return false;
    }
}
