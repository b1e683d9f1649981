package io.emarsysdest.store.identity;

import org.junit.jupiter.api.BeforeEach;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The same contract on PostgreSQL (skipped without EMD_TEST_POSTGRES_URL). */
class PostgresPersonContactsTest extends PersonContactsTest {
    private PgTestDb db;

    @BeforeEach
    void migrate() throws SQLException {
        db = new PgTestDb();
        try (Connection c = db.open(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE person_contact");
            c.commit();
        }
    }

    @Override
    Connection open() throws SQLException {
        return db.open();
    }
}
