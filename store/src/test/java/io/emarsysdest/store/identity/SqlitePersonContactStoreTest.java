package io.emarsysdest.store.identity;

import io.emarsysdest.core.engine.PersonContactStore;
import io.emarsysdest.store.outbox.SqliteStateFile;
import io.emarsysdest.testkit.engine.PersonContactStoreContract;
import io.emarsysdest.testkit.engine.JdbcPortTransactions;
import io.emarsysdest.testkit.engine.PortTransactions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqlitePersonContactStoreTest extends PersonContactStoreContract {
    @TempDir
    Path dir;
    private PortTransactions<PersonContactStore> transactions;

    @BeforeEach
    void open() {
        transactions = new JdbcPortTransactions<>(SqliteStateFile.open(dir.resolve("state.db")), JdbcPersonContactStore::new);
    }

    @Override
    protected PortTransactions<PersonContactStore> transactions() {
        return transactions;
    }
}
