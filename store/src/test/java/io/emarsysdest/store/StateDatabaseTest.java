package io.emarsysdest.store;

import io.emarsysdest.testkit.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Both state databases open migrated and report themselves healthy (the cursor's contract: JdbcCursorStore's tests). */
class StateDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void sqlite() {
        try (StateDatabase db = StateDatabase.openSqlite(dir.resolve("state.db"))) {
            assertThat(db.isHealthy()).isTrue();
        }
    }

    @Test
    void postgres() {
        try (StateDatabase db = StateDatabase.openPostgres(PostgresTestDatabase.create(), 4)) {
            assertThat(db.isHealthy()).isTrue();
        }
    }
}
