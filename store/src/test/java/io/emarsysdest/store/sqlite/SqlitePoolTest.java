package io.emarsysdest.store.sqlite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** After a full disk, every unit of work gets a connection that commits (or rolls back) as one transaction again. */
class SqlitePoolTest {
    @TempDir
    Path dir;

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void insert(Connection c, String value) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
            p.setString(1, value);
            p.executeUpdate();
        }
    }

    private static int rows(SqlitePool pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aConnectionWhoseTransactionSqliteRolledBackOnAFullDiskIsNotHandedOutAgain() throws Exception {
        try (SqlitePool pool = SqliteDataSources.pool(dir.resolve("t.db"), "test", 1, true)) {
            try (Connection c = pool.getConnection()) {
                exec(c, "CREATE TABLE t (v TEXT)");
            }
            // the disk fills during a unit of work that, like most, just lets the exception close the connection
            assertThatThrownBy(() -> {
                try (Connection c = pool.getConnection()) {
                    exec(c, "PRAGMA max_page_count = 1");
                    c.setAutoCommit(false);
                    for (int i = 0; i < 100; i++) insert(c, "x".repeat(2000));
                    c.commit();
                }
            }).isInstanceOf(SQLException.class).hasMessageContaining("full");

            // room again: the next unit of work is one transaction, and a failed one leaves nothing behind
            try (Connection c = pool.getConnection()) {
                exec(c, "PRAGMA max_page_count = 4294967294");
                assertThat(c.getAutoCommit()).isTrue();
                c.setAutoCommit(false);
                insert(c, "half");
                c.rollback();
                insert(c, "whole");
                c.commit();
                c.setAutoCommit(true);
            }
            assertThat(rows(pool)).isEqualTo(1);
        }
    }
}
