package io.emarsysdest.store.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A pool of SQLite connections that never hands out one left in a broken transaction state.
 *
 * <p>When a write fails with SQLITE_FULL or an I/O error, SQLite rolls the transaction back by itself. The driver
 * does not notice: its {@code rollback()} then fails ("cannot rollback - no transaction is active") and so never
 * begins the next transaction, and the pool, whose own rollback fails too, skips its reset and takes the
 * connection back still in manual-commit mode. The next borrower's {@code setAutoCommit(false)} is then a no-op:
 * its statements commit one by one (half a unit of work made durable) and its {@code commit()} fails, on that
 * connection for good. So a connection is checked when it is borrowed, and one not in auto-commit is closed and
 * replaced: every unit of work starts on a sound connection once the disk has room again.
 */
public final class SqlitePool extends HikariDataSource {
    private static final Logger log = LoggerFactory.getLogger(SqlitePool.class);
    private static final int MAX_REPLACED_PER_BORROW = 64;

    SqlitePool(HikariConfig config) {
        super(config);
    }

    @Override
    public Connection getConnection() throws SQLException {
        for (int i = 0; ; i++) {
            Connection c = super.getConnection();
            if (c.getAutoCommit() || i == MAX_REPLACED_PER_BORROW) return c;
            log.warn("pool {}: replacing a connection left in a failed transaction", getPoolName());
            evictConnection(c);
        }
    }
}
