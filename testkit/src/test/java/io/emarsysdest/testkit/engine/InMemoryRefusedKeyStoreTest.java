package io.emarsysdest.testkit.engine;

import io.emarsysdest.core.engine.RefusedKeyStore;
import org.junit.jupiter.api.BeforeEach;

/** The contract on the in-memory store, rolled back through its journal. */
class InMemoryRefusedKeyStoreTest extends RefusedKeyStoreContract {
    private PortTransactions<RefusedKeyStore> transactions;

    @BeforeEach
    void fresh() {
        Journal journal = new Journal();
        transactions = new JournalTransactions<>(journal, new InMemoryRefusedKeyStore(journal));
    }

    @Override
    protected PortTransactions<RefusedKeyStore> transactions() {
        return transactions;
    }
}
