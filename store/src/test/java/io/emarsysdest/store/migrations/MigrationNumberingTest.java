package io.emarsysdest.store.migrations;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration numbers only grow. Released migrations (src/test/resources/released-migrations.txt) stay exactly as
 * released, and every migration added since sorts above the highest released one of its folder, so an installation
 * that applied a release can always apply the next one in order (Flyway refuses a new migration below an applied one).
 */
class MigrationNumberingTest {
    private static final List<String> LOCATIONS = List.of("db/events/sqlite", "db/events-index/sqlite",
            "db/state/sqlite", "db/state/postgresql");

    /** released file (db/state/sqlite/V100__processing_cursor.sql) → SHA-256 prefix of its content */
    private static Map<String, String> released() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = MigrationNumberingTest.class.getResourceAsStream("/released-migrations.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] parts = line.trim().split("\\s+");
                out.put(parts[0], parts[1]);
            }
        }
        return out;
    }

    @Test
    void everyNewMigrationSortsAboveTheHighestReleasedOneOfItsFolder() throws IOException {
        Map<String, String> released = released();
        for (String location : LOCATIONS) {
            long highestReleased = released.keySet().stream().filter(f -> f.startsWith(location + "/"))
                    .mapToLong(f -> MigrationFiles.number(f.substring(location.length() + 1))).max().orElse(0);
            for (String name : MigrationFiles.names(location)) {
                if (released.containsKey(location + "/" + name)) continue;
                assertThat(MigrationFiles.number(name))
                        .as("%s/%s is not released yet, so it must sort above the highest released migration of its folder, V%d "
                                + "(installations have applied V%d; Flyway would refuse it); see docs/operations.md", location, name,
                                highestReleased, highestReleased)
                        .isGreaterThan(highestReleased);
            }
        }
    }

    @Test
    void releasedMigrationsAreNeverEditedRenamedOrDeleted() throws Exception {
        for (Map.Entry<String, String> r : released().entrySet()) {
            Path file = MigrationFiles.ROOT.resolve(r.getKey());
            assertThat(file).as("released migration %s was renamed or deleted; installations have applied it", r.getKey()).exists();
            String content = Files.readString(file).replace("\r", "");
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
            assertThat(sha).as("released migration %s was edited (Flyway refuses a changed checksum): add a new migration instead",
                    r.getKey()).startsWith(r.getValue());
        }
    }

    @Test
    void migrationFilesAreNamedVNumberAndBothStateDialectsHaveTheSameVersions() throws IOException {
        for (String location : LOCATIONS) {
            try (Stream<Path> files = Files.list(MigrationFiles.ROOT.resolve(location))) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .as("files in %s (Flyway versions must be V<number>__<description>.sql)", location)
                        .allMatch(n -> n.matches("V\\d+__.+\\.sql"));
            }
        }
        assertThat(MigrationFiles.names("db/state/postgresql").stream().map(MigrationFiles::version))
                .as("every state migration exists for SQLite and PostgreSQL with the same number")
                .containsExactlyElementsOf(MigrationFiles.names("db/state/sqlite").stream().map(MigrationFiles::version).toList());
    }
}
