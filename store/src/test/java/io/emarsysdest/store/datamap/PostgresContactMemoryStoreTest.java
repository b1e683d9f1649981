package io.emarsysdest.store.datamap;

import io.emarsysdest.core.engine.ContactMemoryStore;
import io.emarsysdest.store.StateDatabase;
import io.emarsysdest.testkit.PostgresTestDatabase;
import io.emarsysdest.testkit.engine.ContactMemoryStoreContract;
import io.emarsysdest.testkit.engine.JdbcPortTransactions;
import io.emarsysdest.testkit.engine.PortTransactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class PostgresContactMemoryStoreTest extends ContactMemoryStoreContract {
    private StateDatabase db;
    private PortTransactions<ContactMemoryStore> transactions;

    @BeforeEach
    void open() {
        db = StateDatabase.openPostgres(PostgresTestDatabase.create(), 2);
        transactions = new JdbcPortTransactions<>(db.dataSource(), JdbcContactMemoryStore::new);
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    @Override
    protected PortTransactions<ContactMemoryStore> transactions() {
        return transactions;
    }
}
