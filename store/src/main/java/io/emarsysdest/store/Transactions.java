package io.emarsysdest.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** One unit of work in one transaction: committed when it returns, rolled back when it throws. */
public final class Transactions {
    private Transactions() {
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection tx) throws SQLException;
    }

    public static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                // SQLite may have rolled back already (SQLITE_FULL does): then this fails too, and must not hide why
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                try {
                    c.setAutoCommit(auto);
                } catch (SQLException reset) {
                    // the pool replaces a connection left out of auto-commit (SqlitePool)
                }
            }
        }
    }
}
