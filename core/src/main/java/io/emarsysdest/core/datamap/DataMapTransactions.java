package io.emarsysdest.core.datamap;

import java.util.function.Function;

/**
 * Runs work on a {@link DataMapRepository} inside one transaction: committed when the work returns, rolled back
 * when it throws. The configuration API uses it; the event processor instead reads a {@link DataMapSet} snapshot.
 */
public interface DataMapTransactions {
    <T> T inTransaction(Function<DataMapRepository, T> work);

    /** Over an in-memory repository (tests, sandbox): serialised, with no rollback. */
    static DataMapTransactions inMemory(InMemoryDataMapRepository repo) {
        return new DataMapTransactions() {
            @Override
            public synchronized <T> T inTransaction(Function<DataMapRepository, T> work) {
                return work.apply(repo);
            }
        };
    }
}
