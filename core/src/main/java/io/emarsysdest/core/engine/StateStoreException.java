package io.emarsysdest.core.engine;

/**
 * A state port could not read or write (unchecked, so the ports stay free of JDBC). The transaction must be rolled
 * back; {@link #isConflict()} says whether retrying the whole batch is expected to succeed.
 */
public class StateStoreException extends RuntimeException {
    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StateStoreException(String message) {
        super(message);
    }

    /** True when another writer got in the way (a unique key taken, a stale snapshot): a retry can succeed. */
    public boolean isConflict() {
        return false;
    }
}
