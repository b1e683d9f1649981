package io.emarsysdest.store;

import com.zaxxer.hikari.HikariDataSource;
import io.emarsysdest.store.sqlite.SqliteDataSources;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The state database: users table, rule state and timers, outbox, configuration. Every area's schema is migrated
 * at start from {@code db/state/<dialect>}. The processor applies a batch of events in one transaction here
 * (its position: {@link io.emarsysdest.store.processing.JdbcCursorStore}).
 */
public final class StateDatabase implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final AutoCloseable checkpointer;

    private StateDatabase(HikariDataSource dataSource, AutoCloseable checkpointer) {
        this.dataSource = dataSource;
        this.checkpointer = checkpointer;
    }

    /** Opens (creating and migrating when needed) the embedded state database in {@code file}. */
    public static StateDatabase openSqlite(Path file) {
        HikariDataSource ds = SqliteDataSources.pool(file, "state", 6, true);
        try {
            Migrations.migrate(ds, "db/state/sqlite");
            return new StateDatabase(ds, io.emarsysdest.store.sqlite.WalCheckpointer.start(file, java.time.Duration.ofSeconds(1)));
        } catch (RuntimeException | SQLException e) {
            ds.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException("cannot open the state database: " + e.getMessage(), e);
        }
    }

    /** Opens (migrating when needed) a PostgreSQL state database, for the scale-out tier. */
    public static StateDatabase openPostgres(String jdbcUrl, int poolSize) {
        com.zaxxer.hikari.HikariConfig hc = new com.zaxxer.hikari.HikariConfig();
        hc.setPoolName("state-pg");
        hc.setJdbcUrl(jdbcUrl);
        hc.setMaximumPoolSize(poolSize);
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            Migrations.migrate(ds, "db/state/postgresql");
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new StateDatabase(ds, () -> { });
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean isHealthy() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            checkpointer.close();
        } catch (Exception ignored) {
            // closing anyway
        }
        dataSource.close();
    }
}
