package io.emarsysdest.store.processing;

import io.emarsysdest.core.engine.RefusedKeyStore;
import io.emarsysdest.store.outbox.SqliteStateFile;
import io.emarsysdest.testkit.engine.RefusedKeyStoreContract;
import io.emarsysdest.testkit.engine.JdbcPortTransactions;
import io.emarsysdest.testkit.engine.PortTransactions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteRefusedKeyStoreTest extends RefusedKeyStoreContract {
    @TempDir
    Path dir;
    private PortTransactions<RefusedKeyStore> transactions;

    @BeforeEach
    void open() {
        transactions = new JdbcPortTransactions<>(SqliteStateFile.open(dir.resolve("state.db")), JdbcRefusedKeyStore::new);
    }

    @Override
    protected PortTransactions<RefusedKeyStore> transactions() {
        return transactions;
    }
}
