package io.emarsysdest.store.processing;

import io.emarsysdest.core.engine.HeldItemStore;
import io.emarsysdest.store.StateDatabase;
import io.emarsysdest.testkit.PostgresTestDatabase;
import io.emarsysdest.testkit.engine.HeldItemStoreContract;
import io.emarsysdest.testkit.engine.JdbcPortTransactions;
import io.emarsysdest.testkit.engine.PortTransactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class PostgresHeldItemStoreTest extends HeldItemStoreContract {
    private StateDatabase db;
    private PortTransactions<HeldItemStore> transactions;

    @BeforeEach
    void open() {
        db = StateDatabase.openPostgres(PostgresTestDatabase.create(), 2);
        transactions = new JdbcPortTransactions<>(db.dataSource(), HeldOutbox::new);
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    @Override
    protected PortTransactions<HeldItemStore> transactions() {
        return transactions;
    }
}
