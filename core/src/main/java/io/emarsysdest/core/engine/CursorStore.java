package io.emarsysdest.core.engine;

/**
 * Table {@code processing_cursor}: how far a processor has applied the event log, moved in the same transaction as
 * the state changes it covers (so a batch is applied exactly once).
 */
public interface CursorStore {
    /** The last applied offset; 0 before the first batch. */
    long position(String name);

    /**
     * Compare-and-set: moves the cursor from {@code from} to {@code to}.
     *
     * @throws CursorMovedException when it is not at {@code from} (another owner moved it)
     * @throws IllegalArgumentException when {@code to} is before {@code from} (a cursor never goes back)
     */
    void advance(String name, long from, long to);
}
