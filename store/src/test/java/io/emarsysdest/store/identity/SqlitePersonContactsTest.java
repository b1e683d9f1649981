package io.emarsysdest.store.identity;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

class SqlitePersonContactsTest extends PersonContactsTest {
    @TempDir
    Path dir;
    private TestStateDb db;

    @BeforeEach
    void migrate() {
        db = new TestStateDb(dir);
    }

    @Override
    Connection open() throws SQLException {
        return db.open();
    }
}
