package io.emarsysdest.store.migrations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The versioned migration files of a location ({@code db/state/sqlite}), as they are in the source tree. */
final class MigrationFiles {
    static final Path ROOT = Path.of("src/main/resources");

    private MigrationFiles() {
    }

    /** File names such as {@code V300__outbox.sql}, sorted by version. */
    static List<String> names(String location) {
        try (Stream<Path> files = Files.list(ROOT.resolve(location))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("V\\d+__.+\\.sql"))
                    .sorted((a, b) -> Long.compare(number(a), number(b))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code V300} of {@code V300__outbox.sql}. */
    static String version(String name) {
        return name.substring(0, name.indexOf("__"));
    }

    static long number(String name) {
        return Long.parseLong(version(name).substring(1));
    }
}
