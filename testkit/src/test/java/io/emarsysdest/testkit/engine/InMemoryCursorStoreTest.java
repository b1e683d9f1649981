package io.emarsysdest.testkit.engine;

import io.emarsysdest.core.engine.CursorStore;
import org.junit.jupiter.api.BeforeEach;

/** The contract on the in-memory store, rolled back through its journal. */
class InMemoryCursorStoreTest extends CursorStoreContract {
    private PortTransactions<CursorStore> transactions;

    @BeforeEach
    void fresh() {
        Journal journal = new Journal();
        transactions = new JournalTransactions<>(journal, new InMemoryCursorStore(journal));
    }

    @Override
    protected PortTransactions<CursorStore> transactions() {
        return transactions;
    }
}
