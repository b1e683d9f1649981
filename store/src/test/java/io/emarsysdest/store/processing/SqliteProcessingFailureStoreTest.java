package io.emarsysdest.store.processing;

import io.emarsysdest.core.engine.ProcessingFailureStore;
import io.emarsysdest.store.outbox.SqliteStateFile;
import io.emarsysdest.testkit.engine.ProcessingFailureStoreContract;
import io.emarsysdest.testkit.engine.JdbcPortTransactions;
import io.emarsysdest.testkit.engine.PortTransactions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteProcessingFailureStoreTest extends ProcessingFailureStoreContract {
    @TempDir
    Path dir;
    private PortTransactions<ProcessingFailureStore> transactions;

    @BeforeEach
    void open() {
        transactions = new JdbcPortTransactions<>(SqliteStateFile.open(dir.resolve("state.db")), JdbcProcessingFailureStore::new);
    }

    @Override
    protected PortTransactions<ProcessingFailureStore> transactions() {
        return transactions;
    }
}
