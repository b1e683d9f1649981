package io.emarsysdest.store;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Late migrations of the old per-area numbering (at or below V500) are applied on installations that lack them;
 * a migration of today's numbering below an applied one stops the start and is named.
 * The location migrations-test/late holds V100, V450 (late, area-numbered), V500, V550 (late, new numbering), V600.
 */
class MigrationsTest {
    private static final String LOCATION = "migrations-test/late";

    @TempDir
    Path dir;

    /** A database as an earlier release made it: Flyway applied exactly these files. */
    private SQLiteDataSource installedWith(List<String> files) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("earlier"));
        for (String f : files) {
            try (InputStream in = getClass().getResourceAsStream("/" + LOCATION + "/" + f)) {
                Files.copy(in, folder.resolve(f));
            }
        }
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + dir.resolve("db.sqlite"));
        Flyway.configure().dataSource(ds).locations("filesystem:" + folder).load().migrate();
        return ds;
    }

    private static boolean hasTable(SQLiteDataSource ds, String table) throws Exception {
        try (Connection c = ds.getConnection(); ResultSet rs = c.getMetaData().getTables(null, null, table, null)) {
            return rs.next();
        }
    }

    @Test
    void aLateAreaNumberedMigrationIsAppliedAfterAHigherOne() throws Exception {
        SQLiteDataSource ds = installedWith(List.of("V100__a.sql", "V500__b.sql"));
        assertThat(Migrations.migrate(ds, LOCATION)).isEqualTo(3);
        assertThat(hasTable(ds, "late_below")).isTrue();
        assertThat(hasTable(ds, "late_above")).isTrue();
        assertThat(hasTable(ds, "c")).isTrue();
        assertThat(Migrations.migrate(ds, LOCATION)).as("nothing left on the next start").isZero();
    }

    @Test
    void aNewMigrationBelowAnAppliedOneStopsTheStartNamingIt() throws Exception {
        SQLiteDataSource ds = installedWith(List.of("V100__a.sql", "V500__b.sql", "V600__c.sql"));
        assertThatThrownBy(() -> Migrations.migrate(ds, LOCATION))
                .hasMessageContaining("V550__late_new_numbering")
                .hasMessageContaining("docs/operations.md");
        assertThat(hasTable(ds, "late_below")).as("nothing applied").isFalse();
    }

    @Test
    void aNewInstallationAppliesEverythingInOrder() throws Exception {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + dir.resolve("new.sqlite"));
        assertThat(Migrations.migrate(ds, LOCATION)).isEqualTo(5);
    }
}
