package io.emarsysdest.store.processing;

import io.emarsysdest.core.engine.RefusedKeyStore;
import io.emarsysdest.store.StateDatabase;
import io.emarsysdest.testkit.PostgresTestDatabase;
import io.emarsysdest.testkit.engine.RefusedKeyStoreContract;
import io.emarsysdest.testkit.engine.JdbcPortTransactions;
import io.emarsysdest.testkit.engine.PortTransactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class PostgresRefusedKeyStoreTest extends RefusedKeyStoreContract {
    private StateDatabase db;
    private PortTransactions<RefusedKeyStore> transactions;

    @BeforeEach
    void open() {
        db = StateDatabase.openPostgres(PostgresTestDatabase.create(), 2);
        transactions = new JdbcPortTransactions<>(db.dataSource(), JdbcRefusedKeyStore::new);
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    @Override
    protected PortTransactions<RefusedKeyStore> transactions() {
        return transactions;
    }
}
