package io.emarsysdest.testkit.engine;

import io.emarsysdest.core.engine.ProcessingFailureStore;
import org.junit.jupiter.api.BeforeEach;

/** The contract on the in-memory store, rolled back through its journal. */
class InMemoryProcessingFailureStoreTest extends ProcessingFailureStoreContract {
    private PortTransactions<ProcessingFailureStore> transactions;

    @BeforeEach
    void fresh() {
        Journal journal = new Journal();
        transactions = new JournalTransactions<>(journal, new InMemoryProcessingFailureStore(journal));
    }

    @Override
    protected PortTransactions<ProcessingFailureStore> transactions() {
        return transactions;
    }
}
