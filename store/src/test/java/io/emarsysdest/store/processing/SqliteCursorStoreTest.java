package io.emarsysdest.store.processing;

import io.emarsysdest.core.engine.CursorStore;
import io.emarsysdest.store.outbox.SqliteStateFile;
import io.emarsysdest.testkit.engine.CursorStoreContract;
import io.emarsysdest.testkit.engine.JdbcPortTransactions;
import io.emarsysdest.testkit.engine.PortTransactions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteCursorStoreTest extends CursorStoreContract {
    @TempDir
    Path dir;
    private PortTransactions<CursorStore> transactions;

    @BeforeEach
    void open() {
        transactions = new JdbcPortTransactions<>(SqliteStateFile.open(dir.resolve("state.db")), JdbcCursorStore::new);
    }

    @Override
    protected PortTransactions<CursorStore> transactions() {
        return transactions;
    }
}
