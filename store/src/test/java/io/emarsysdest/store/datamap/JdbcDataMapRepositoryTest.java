package io.emarsysdest.store.datamap;

import io.emarsysdest.core.datamap.DataMapRepository;
import io.emarsysdest.testkit.datamap.DataMapRepositoryContract;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The repository contract on SQLite, migrated by Flyway from classpath:db/state/sqlite, in one open transaction. */
class JdbcDataMapRepositoryTest extends DataMapRepositoryContract {
    @TempDir
    Path dir;
    Connection connection;

    @BeforeEach
    void migrate() throws SQLException {
        String url = "jdbc:sqlite:" + dir.resolve("state.db");
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/state/sqlite").load().migrate();
        connection = DriverManager.getConnection(url);
        connection.setAutoCommit(false);
    }

    @AfterEach
    void close() throws SQLException {
        connection.rollback();
        connection.close();
    }

    @Override
    protected DataMapRepository repository() {
        return new JdbcDataMapRepository(connection);
    }

    @Test
    void the_database_itself_refuses_to_change_a_published_definition() throws SQLException {
        DataMapRepository repo = repository();
        repo.insert("crm", 1, definition("crm", "traits.a"), T0);
        repo.publish("crm", 1, T0);
        try (PreparedStatement ps = connection.prepareStatement("UPDATE datamap_version SET definition = '{}' WHERE map_id = 'crm'")) {
            assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class).hasMessageContaining("never change");
        }
    }

    @Test
    void writes_stay_in_the_callers_transaction() throws SQLException {
        repository().insert("crm", 1, definition("crm", "traits.a"), T0);
        connection.rollback();
        assertThat(repository().mapIds()).isEmpty();
    }

    @Test
    void transactions_commit_on_return_and_roll_back_on_failure() {
        org.sqlite.SQLiteDataSource ds = new org.sqlite.SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + dir.resolve("state.db"));
        JdbcDataMapTransactions tx = new JdbcDataMapTransactions(ds);
        assertThatThrownBy(() -> tx.inTransaction(repo -> {
            repo.insert("lost", 1, definition("lost", "traits.a"), T0);
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        tx.inTransaction(repo -> {
            repo.insert("kept", 1, definition("kept", "traits.a"), T0);
            return null;
        });
        assertThat(tx.inTransaction(DataMapRepository::mapIds)).containsExactly("kept");
    }
}
