package io.emarsysdest.store.datamap;

import io.emarsysdest.core.engine.ContactMemoryStore;
import io.emarsysdest.store.outbox.SqliteStateFile;
import io.emarsysdest.testkit.engine.ContactMemoryStoreContract;
import io.emarsysdest.testkit.engine.JdbcPortTransactions;
import io.emarsysdest.testkit.engine.PortTransactions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteContactMemoryStoreTest extends ContactMemoryStoreContract {
    @TempDir
    Path dir;
    private PortTransactions<ContactMemoryStore> transactions;

    @BeforeEach
    void open() {
        transactions = new JdbcPortTransactions<>(SqliteStateFile.open(dir.resolve("state.db")), JdbcContactMemoryStore::new);
    }

    @Override
    protected PortTransactions<ContactMemoryStore> transactions() {
        return transactions;
    }
}
