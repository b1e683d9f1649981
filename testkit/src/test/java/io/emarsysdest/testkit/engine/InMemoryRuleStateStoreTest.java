package io.emarsysdest.testkit.engine;

import io.emarsysdest.core.engine.RuleStateStore;
import org.junit.jupiter.api.BeforeEach;

/** The contract on the in-memory store, rolled back through its journal. */
class InMemoryRuleStateStoreTest extends RuleStateStoreContract {
    private PortTransactions<RuleStateStore> transactions;

    @BeforeEach
    void fresh() {
        Journal journal = new Journal();
        transactions = new JournalTransactions<>(journal, new InMemoryRuleStateStore(journal));
    }

    @Override
    protected PortTransactions<RuleStateStore> transactions() {
        return transactions;
    }
}
