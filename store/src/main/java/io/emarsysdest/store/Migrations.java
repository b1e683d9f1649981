package io.emarsysdest.store;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/** Creates and upgrades a database's schema at start, from the versioned SQL files on the classpath. */
public final class Migrations {
    private Migrations() {
    }

    /** @param location a classpath folder such as {@code db/state/sqlite} */
    public static int migrate(DataSource dataSource, String location) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:" + location)
                .failOnMissingLocations(true)
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
