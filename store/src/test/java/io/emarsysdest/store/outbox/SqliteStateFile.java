package io.emarsysdest.store.outbox;

import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;

/** A migrated state database file for tests, opened with the production settings (WAL, synchronous FULL, busy timeout). */
public final class SqliteStateFile {
    private SqliteStateFile() {
    }

    public static SQLiteDataSource open(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(5000);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        Flyway.configure().dataSource(ds).locations("classpath:db/state/sqlite").load().migrate();
        return ds;
    }
}
