package io.emarsysdest.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import javax.sql.DataSource;
import java.util.Arrays;
import java.util.List;

/**
 * Creates and upgrades a database's schema at start, from the versioned SQL files on the classpath.
 *
 * <p>Numbers only grow: a new migration takes a number above every released one (docs/operations.md, "Upgrades and
 * migration numbering"). The state schema was first numbered by area (V1xx processing, V2xx users, V3xx delivery,
 * V4xx data maps, V5xx rules), and releases added V102, V103, V200, V301, V302 and V400 after a higher number was
 * already applied. Those late migrations, all at or below {@link #LAST_AREA_NUMBERED}, are applied out of order on
 * an installation that lacks them; any other migration below the highest applied one stops the start with its name.
 */
public final class Migrations {
    /** The highest version of the old per-area numbering; below it, late migrations are expected and applied. */
    static final MigrationVersion LAST_AREA_NUMBERED = MigrationVersion.fromVersion("500");

    private Migrations() {
    }

    /** @param location a classpath folder such as {@code db/state/sqlite} */
    public static int migrate(DataSource dataSource, String location) {
        List<MigrationInfo> late = Arrays.stream(configure(dataSource, location).load().info().all())
                .filter(m -> m.getState() == MigrationState.IGNORED)
                .toList();
        List<String> unexpected = late.stream().filter(m -> m.getVersion().isNewerThan(LAST_AREA_NUMBERED))
                .map(m -> "V" + m.getVersion() + "__" + m.getDescription().replace(' ', '_')).toList();
        if (!unexpected.isEmpty()) {
            throw new IllegalStateException("the database at " + location + " has a higher migration applied than "
                    + unexpected + "; migration numbers must only grow (see docs/operations.md, Upgrades)");
        }
        return configure(dataSource, location).outOfOrder(!late.isEmpty()).load().migrate().migrationsExecuted;
    }

    private static FluentConfiguration configure(DataSource dataSource, String location) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:" + location)
                .failOnMissingLocations(true);
    }
}
