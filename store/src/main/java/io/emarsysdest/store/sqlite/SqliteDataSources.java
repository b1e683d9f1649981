package io.emarsysdest.store.sqlite;

import com.zaxxer.hikari.HikariConfig;
import io.emarsysdest.store.PrivateFiles;
import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Opens SQLite files the way this service needs them: WAL (readers never block the writer), synchronous=FULL
 * (a commit is on disk before it returns, which is what an HTTP 200 promises), and a busy timeout instead of
 * immediate SQLITE_BUSY errors. Every file is created private ({@link PrivateFiles}) before SQLite opens it.
 */
public final class SqliteDataSources {
    private SqliteDataSources() {
    }

    public static String url(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath();
    }

    /** Bytes a WAL file is cut back to when SQLite starts it over. */
    static final int JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;
    /**
     * WAL pages after which a state-database writer checkpoints in its own commit (64 MB at 4 KB pages). The
     * background checkpointer alone cannot let the WAL start over while the processor commits back to back and
     * delivery keeps reading: a first sync of 200,000 persons grew {@code state.db-wal} to 400 MB. No client waits
     * on these commits (unlike the event log's), so they can pay for the checkpoint.
     */
    static final int STATE_AUTOCHECKPOINT_PAGES = 16_384;

    private static SQLiteConfig config() {
        return config(true);
    }

    /**
     * @param durable false for files whose content can be rebuilt from another (the log's index): no fsync at all
     *                ({@code synchronous=OFF}); a commit survives a crash of the process, but after a crash of the
     *                machine the file may be damaged, so it must be guarded (see the event log's UnsyncedFileGuard)
     */
    private static SQLiteConfig config(boolean durable) {
        SQLiteConfig c = new SQLiteConfig();
        c.setJournalMode(SQLiteConfig.JournalMode.WAL);
        c.setSynchronous(durable ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.OFF);
        c.setBusyTimeout(10_000);
        c.setTempStore(SQLiteConfig.TempStore.MEMORY);
        c.setCacheSize(-32_000); // 32 MB page cache per connection
        // Nothing reads generated keys; with this on, the driver matches every statement against a pattern and runs
        // a "SELECT last_insert_rowid()" after each insert (a third of the event log writer's time).
        c.setGetGeneratedKeys(false);
        // A WAL file keeps the largest size it ever had unless told otherwise: when a checkpoint lets the WAL start
        // over, SQLite truncates it to this.
        c.setJournalSizeLimit(JOURNAL_SIZE_LIMIT);
        return c;
    }

    /** A small pool for readers and short writes. */
    public static SqlitePool pool(Path file, String name, int size) {
        return pool(file, name, size, false);
    }

    /**
     * A pool whose transactions, when {@code writeTransactions}, begin with {@code BEGIN IMMEDIATE}: they take the
     * write lock up front and wait for it (busy timeout) instead of reading first and failing with
     * SQLITE_BUSY_SNAPSHOT when another connection wrote in between. The state database needs this: the processor,
     * delivery and timers all write to it.
     */
    public static SqlitePool pool(Path file, String name, int size, boolean writeTransactions) {
        PrivateFiles.sqliteFile(file);
        SQLiteConfig c = config();
        if (writeTransactions) c.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(name);
        hc.setJdbcUrl(url(file));
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(1);
        hc.setDataSourceProperties(c.toProperties());
        // Checkpoints run in a WalCheckpointer thread; a writer's own checkpoint is the net for when it cannot keep up.
        if (writeTransactions) hc.setConnectionInitSql("PRAGMA wal_autocheckpoint = " + STATE_AUTOCHECKPOINT_PAGES);
        return new SqlitePool(hc);
    }

    /** A dedicated connection, for a single writer thread that owns it. */
    public static Connection connection(Path file) throws SQLException {
        return connection(file, true);
    }

    /** A dedicated connection; {@code durable} as in {@link #config(boolean)}. */
    public static Connection connection(Path file, boolean durable) throws SQLException {
        PrivateFiles.sqliteFile(file);
        return DriverManager.getConnection(url(file), config(durable).toProperties());
    }

    /** A dedicated writer connection that leaves checkpoints to a {@link WalCheckpointer} (see there). */
    public static Connection writerConnection(Path file) throws SQLException {
        Connection c = connection(file, true);
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint = " + WalCheckpointer.WRITER_AUTOCHECKPOINT_PAGES);
        }
        return c;
    }
}
