package io.emarsysdest.testkit.engine;

import io.emarsysdest.core.engine.PersonContactStore;
import org.junit.jupiter.api.BeforeEach;

/** The contract on the in-memory store, rolled back through its journal. */
class InMemoryPersonContactStoreTest extends PersonContactStoreContract {
    private PortTransactions<PersonContactStore> transactions;

    @BeforeEach
    void fresh() {
        Journal journal = new Journal();
        transactions = new JournalTransactions<>(journal, new InMemoryPersonContactStore(journal));
    }

    @Override
    protected PortTransactions<PersonContactStore> transactions() {
        return transactions;
    }
}
