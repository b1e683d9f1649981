package io.emarsysdest.store.rules;

import io.emarsysdest.core.engine.RuleStateStore;
import io.emarsysdest.store.outbox.SqliteStateFile;
import io.emarsysdest.testkit.engine.RuleStateStoreContract;
import io.emarsysdest.testkit.engine.JdbcPortTransactions;
import io.emarsysdest.testkit.engine.PortTransactions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteRuleStateStoreTest extends RuleStateStoreContract {
    @TempDir
    Path dir;
    private PortTransactions<RuleStateStore> transactions;

    @BeforeEach
    void open() {
        transactions = new JdbcPortTransactions<>(SqliteStateFile.open(dir.resolve("state.db")), JdbcRuleStateStore::new);
    }

    @Override
    protected PortTransactions<RuleStateStore> transactions() {
        return transactions;
    }
}
