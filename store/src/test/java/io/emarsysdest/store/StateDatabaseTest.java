package io.emarsysdest.store;

import io.emarsysdest.testkit.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

/** The processing cursor behaves the same on both state databases. */
class StateDatabaseTest {
    @TempDir
    Path dir;

    private static void cursorMovesOnlyWithItsTransaction(StateDatabase db) throws Exception {
        try (Connection tx = db.dataSource().getConnection()) {
            tx.setAutoCommit(false);
            assertThat(StateDatabase.cursor(tx, "main")).isZero();
            StateDatabase.advanceCursor(tx, "main", 42);
            tx.rollback();
            assertThat(StateDatabase.cursor(tx, "main")).isZero();
            StateDatabase.advanceCursor(tx, "main", 42);
            StateDatabase.advanceCursor(tx, "main", 43);
            tx.commit();
            assertThat(StateDatabase.cursor(tx, "main")).isEqualTo(43);
            tx.setAutoCommit(true);
        }
        assertThat(db.isHealthy()).isTrue();
    }

    @Test
    void sqlite() throws Exception {
        try (StateDatabase db = StateDatabase.openSqlite(dir.resolve("state.db"))) {
            cursorMovesOnlyWithItsTransaction(db);
        }
    }

    @Test
    void postgres() throws Exception {
        try (StateDatabase db = StateDatabase.openPostgres(PostgresTestDatabase.create(), 4)) {
            cursorMovesOnlyWithItsTransaction(db);
        }
    }
}
