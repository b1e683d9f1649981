package io.emarsysdest.server.rules;

import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;

/** A migrated SQLite state database in a temporary folder (until the lead's StateDatabase lands). */
public final class StateDb {
    private StateDb() {
    }

    public static DataSource create(Path dir) {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + dir.resolve("state.db"));
        ds.setBusyTimeout(10_000);
        Flyway.configure().dataSource(ds).locations("classpath:db/state/sqlite").load().migrate();
        return ds;
    }
}
