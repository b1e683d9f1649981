package io.emarsysdest.testkit.engine;

import io.emarsysdest.core.engine.HeldItemStore;
import org.junit.jupiter.api.BeforeEach;

/** The contract on the in-memory store, rolled back through its journal. */
class InMemoryHeldItemStoreTest extends HeldItemStoreContract {
    private PortTransactions<HeldItemStore> transactions;

    @BeforeEach
    void fresh() {
        Journal journal = new Journal();
        transactions = new JournalTransactions<>(journal, new InMemoryHeldItemStore(journal));
    }

    @Override
    protected PortTransactions<HeldItemStore> transactions() {
        return transactions;
    }
}
