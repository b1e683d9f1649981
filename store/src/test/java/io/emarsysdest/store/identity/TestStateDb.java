package io.emarsysdest.store.identity;

import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

/** A migrated state database in a temporary SQLite file, opened as the service opens it (WAL, synchronous=FULL). */
final class TestStateDb {
    final SQLiteDataSource dataSource;

    TestStateDb(Path dir) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + dir.resolve("state.db").toAbsolutePath());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/state/sqlite").load().migrate();
    }

    Connection open() throws SQLException {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(false);
        return c;
    }

    /** Runs the work in one committed transaction (rolled back when it throws). */
    <T> T inTx(Function<Connection, T> work) {
        try (Connection c = open()) {
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
