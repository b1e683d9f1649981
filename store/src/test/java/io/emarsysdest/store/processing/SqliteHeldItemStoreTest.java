package io.emarsysdest.store.processing;

import io.emarsysdest.core.engine.HeldItemStore;
import io.emarsysdest.store.outbox.SqliteStateFile;
import io.emarsysdest.testkit.engine.HeldItemStoreContract;
import io.emarsysdest.testkit.engine.JdbcPortTransactions;
import io.emarsysdest.testkit.engine.PortTransactions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteHeldItemStoreTest extends HeldItemStoreContract {
    @TempDir
    Path dir;
    private PortTransactions<HeldItemStore> transactions;

    @BeforeEach
    void open() {
        transactions = new JdbcPortTransactions<>(SqliteStateFile.open(dir.resolve("state.db")), HeldOutbox::new);
    }

    @Override
    protected PortTransactions<HeldItemStore> transactions() {
        return transactions;
    }
}
