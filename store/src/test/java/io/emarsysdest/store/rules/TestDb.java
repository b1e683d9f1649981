package io.emarsysdest.store.rules;

import org.flywaydb.core.Flyway;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A migrated SQLite state database in a temporary folder (until the lead's StateDatabase lands). */
final class TestDb {
    private TestDb() {
    }

    static String migrate(Path dir) {
        String url = "jdbc:sqlite:" + dir.resolve("state.db");
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/state/sqlite").load().migrate();
        return url;
    }

    static Connection open(String url) throws SQLException {
        Connection c = DriverManager.getConnection(url);
        c.setAutoCommit(false);
        return c;
    }
}
