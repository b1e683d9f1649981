package io.emarsysdest.server.faults;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;

/**
 * A SQLite state database on a disk that fills up and empties again, for tests: while {@link #fill() full}, every
 * connection handed out may not grow the file ({@code PRAGMA max_page_count} at its current size), so any write
 * that needs a new page fails with SQLITE_FULL, as on a full disk; after {@link #free()} the limit is lifted again.
 * The connections are the real pool's, so what the pool does after a failed transaction is what is tested.
 */
public final class FullDisk implements DataSource {
    private static final long NO_LIMIT = 4_294_967_294L;
    private final DataSource pool;
    private volatile boolean full;

    public FullDisk(DataSource pool) {
        this.pool = pool;
    }

    public void fill() {
        full = true;
    }

    public void free() {
        full = false;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = pool.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA max_page_count = " + (full ? 1 : NO_LIMIT));
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return pool.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return pool.isWrapperFor(iface);
    }
}
