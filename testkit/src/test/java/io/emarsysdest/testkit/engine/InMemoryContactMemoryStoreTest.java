package io.emarsysdest.testkit.engine;

import io.emarsysdest.core.engine.ContactMemoryStore;
import org.junit.jupiter.api.BeforeEach;

/** The contract on the in-memory store, rolled back through its journal. */
class InMemoryContactMemoryStoreTest extends ContactMemoryStoreContract {
    private PortTransactions<ContactMemoryStore> transactions;

    @BeforeEach
    void fresh() {
        Journal journal = new Journal();
        transactions = new JournalTransactions<>(journal, new InMemoryContactMemoryStore(journal));
    }

    @Override
    protected PortTransactions<ContactMemoryStore> transactions() {
        return transactions;
    }
}
