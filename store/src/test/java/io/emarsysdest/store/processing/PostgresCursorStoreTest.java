package io.emarsysdest.store.processing;

import io.emarsysdest.core.engine.CursorStore;
import io.emarsysdest.store.StateDatabase;
import io.emarsysdest.testkit.PostgresTestDatabase;
import io.emarsysdest.testkit.engine.CursorStoreContract;
import io.emarsysdest.testkit.engine.JdbcPortTransactions;
import io.emarsysdest.testkit.engine.PortTransactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class PostgresCursorStoreTest extends CursorStoreContract {
    private StateDatabase db;
    private PortTransactions<CursorStore> transactions;

    @BeforeEach
    void open() {
        db = StateDatabase.openPostgres(PostgresTestDatabase.create(), 2);
        transactions = new JdbcPortTransactions<>(db.dataSource(), JdbcCursorStore::new);
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    @Override
    protected PortTransactions<CursorStore> transactions() {
        return transactions;
    }
}
