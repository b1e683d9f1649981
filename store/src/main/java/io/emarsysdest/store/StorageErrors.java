package io.emarsysdest.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells an error of the environment (the disk, the database, the connection) from one the work itself causes.
 * A full disk, an I/O error, a busy or locked database, a lost connection or a broken transaction say nothing about
 * the event being processed: the same work succeeds once the cause is gone, so it must be retried, never skipped.
 * Anything else (a constraint violation, a bug in a rule for this event) happens again on every attempt.
 */
public final class StorageErrors {
    private StorageErrors() {
    }

    /** SQLite primary result codes of the environment: BUSY, LOCKED, NOMEM, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, PROTOCOL, NOTADB. */
    private static final Set<Integer> SQLITE_ENVIRONMENT = Set.of(5, 6, 7, 8, 10, 11, 13, 14, 15, 26);
    /**
     * SQLSTATE classes of the environment (PostgreSQL and JDBC pools): 08 connection, 53 insufficient resources
     * (53100 disk full), 57 operator intervention (shutdown), 58 system / I/O error, 40 serialization failure or
     * deadlock, HY timeout (a pool's "connection is not available").
     */
    private static final Set<String> SQLSTATE_ENVIRONMENT_CLASSES = Set.of("08", "53", "57", "58", "40", "HY");

    /** True when {@code e}, or anything in its cause chain, is an error of the environment. */
    public static boolean isEnvironmental(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException) return true;
            if (t instanceof SQLException s && isEnvironmental(s)) return true;
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof SQLException s && isEnvironmental(s)) return true;
            }
        }
        return false;
    }

    private static boolean isEnvironmental(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) return true;
        if (e.getClass().getName().equals("org.sqlite.SQLiteException")) {
            if (SQLITE_ENVIRONMENT.contains(e.getErrorCode() & 0xff)) return true;
        }
        String message = String.valueOf(e.getMessage());
        // a transaction SQLite already rolled back (after SQLITE_FULL or an I/O error), or a closed connection
        if (message.contains("no transaction is active") || message.contains("database connection closed")
                || message.contains("database in auto-commit mode") || message.contains("disk is full")
                || message.contains("disk I/O error")) return true;
        String state = e.getSQLState();
        return state != null && state.length() >= 2 && SQLSTATE_ENVIRONMENT_CLASSES.contains(state.substring(0, 2));
    }
}
