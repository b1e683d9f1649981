package io.emarsysdest.store.datamap;

import io.emarsysdest.store.outbox.SqliteStateFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

class SqliteContactMemoryTest extends JdbcContactMemoryTest {
    @TempDir
    Path dir;
    private SQLiteDataSource dataSource;

    @BeforeEach
    void migrate() {
        dataSource = SqliteStateFile.open(dir.resolve("state.db"));
    }

    @Override
    Connection open() throws SQLException {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(false);
        return c;
    }
}
