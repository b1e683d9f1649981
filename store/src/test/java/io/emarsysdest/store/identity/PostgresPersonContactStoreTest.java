package io.emarsysdest.store.identity;

import io.emarsysdest.core.engine.PersonContactStore;
import io.emarsysdest.store.StateDatabase;
import io.emarsysdest.testkit.PostgresTestDatabase;
import io.emarsysdest.testkit.engine.PersonContactStoreContract;
import io.emarsysdest.testkit.engine.JdbcPortTransactions;
import io.emarsysdest.testkit.engine.PortTransactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class PostgresPersonContactStoreTest extends PersonContactStoreContract {
    private StateDatabase db;
    private PortTransactions<PersonContactStore> transactions;

    @BeforeEach
    void open() {
        db = StateDatabase.openPostgres(PostgresTestDatabase.create(), 2);
        transactions = new JdbcPortTransactions<>(db.dataSource(), JdbcPersonContactStore::new);
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    @Override
    protected PortTransactions<PersonContactStore> transactions() {
        return transactions;
    }
}
