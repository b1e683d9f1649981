package io.emarsysdest.server.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The data folder holds e-mail addresses and traits: it is 700 and everything in it 600, whatever the umask. */
class DataFolderPermissionsTest {
    @TempDir
    Path tmp;

    private static Map<String, String> permissions(Path dir) throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.toList()) all.put(dir.relativize(p).toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        }
        return all;
    }

    private static void ingestAndProcess(TestServer server) {
        var r = server.post("/v1/identify", "{\"userId\":\"u-1\",\"traits\":{\"email\":\"jane@example.com\"}}",
                "Authorization", TestServer.basic(server.app().apiKey() + ":"), "Content-Type", "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        server.awaitProcessed();
    }

    @Test
    void aNewDataFolderIsTheOwnersAloneAndSoIsEveryFileInIt() throws Exception {
        assumeTrue(Files.getFileStore(tmp).supportsFileAttributeView("posix"));
        Path data = tmp.resolve("new").resolve("data");
        Map<String, String> seen;
        try (TestServer server = TestServer.start(data, Map.of("server.apiKey", ""))) { // "" = generate and store one
            ingestAndProcess(server);
            seen = permissions(data); // while open: the WAL and shared-memory files exist now
        }
        assertThat(seen).containsKeys("events.db", "events.db-wal", "events.db-shm", "state.db", "state.db-wal", "api-key");
        assertThat(seen.remove("")).isEqualTo("rwx------");
        assertThat(seen).allSatisfy((file, perms) -> assertThat(perms).as(file).isEqualTo("rw-------"));
        assertThat(permissions(data).values()).containsOnly("rwx------", "rw-------");
    }

    @Test
    void anExistingFolderAndFilesThatAreTooOpenAreTightenedAtStart() throws Exception {
        assumeTrue(Files.getFileStore(tmp).supportsFileAttributeView("posix"));
        Path data = tmp.resolve("data");
        try (TestServer server = TestServer.start(data)) {
            ingestAndProcess(server);
        }
        // as an older version (or a restore from a backup) left them
        for (Path p : List.of(data, data.resolve("events.db"), data.resolve("state.db"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        try (TestServer server = TestServer.start(data)) {
            ingestAndProcess(server);
            Map<String, String> seen = permissions(data);
            assertThat(seen.remove("")).isEqualTo("rwx------");
            assertThat(seen).isNotEmpty().allSatisfy((file, perms) -> assertThat(perms).as(file).isEqualTo("rw-------"));
        }
    }
}
