package io.emarsysdest.store.datamap;

import io.emarsysdest.store.StateDatabase;
import io.emarsysdest.testkit.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.sql.Connection;
import java.sql.SQLException;

/** The same contract on PostgreSQL. */
class PostgresContactMemoryTest extends JdbcContactMemoryTest {
    private StateDatabase db;

    @BeforeEach
    void migrate() {
        db = StateDatabase.openPostgres(PostgresTestDatabase.create(), 4);
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    @Override
    Connection open() throws SQLException {
        Connection c = db.dataSource().getConnection();
        c.setAutoCommit(false);
        return c;
    }
}
