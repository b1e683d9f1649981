package io.emarsysdest.store.processing;

import io.emarsysdest.core.engine.ProcessingFailureStore;
import io.emarsysdest.store.StateDatabase;
import io.emarsysdest.testkit.PostgresTestDatabase;
import io.emarsysdest.testkit.engine.ProcessingFailureStoreContract;
import io.emarsysdest.testkit.engine.JdbcPortTransactions;
import io.emarsysdest.testkit.engine.PortTransactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class PostgresProcessingFailureStoreTest extends ProcessingFailureStoreContract {
    private StateDatabase db;
    private PortTransactions<ProcessingFailureStore> transactions;

    @BeforeEach
    void open() {
        db = StateDatabase.openPostgres(PostgresTestDatabase.create(), 2);
        transactions = new JdbcPortTransactions<>(db.dataSource(), JdbcProcessingFailureStore::new);
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    @Override
    protected PortTransactions<ProcessingFailureStore> transactions() {
        return transactions;
    }
}
