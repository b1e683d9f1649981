package io.emarsysdest.store.rules;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

class SqliteRuleStoreTest extends JdbcRuleStoreTest {
    @TempDir
    Path dir;
    String url;

    @BeforeEach
    void migrate() {
        url = TestDb.migrate(dir);
    }

    @Override
    Connection open() throws SQLException {
        return TestDb.open(url);
    }
}
