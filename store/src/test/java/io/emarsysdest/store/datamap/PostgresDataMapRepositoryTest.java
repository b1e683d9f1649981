package io.emarsysdest.store.datamap;

import io.emarsysdest.core.datamap.DataMapRepository;
import io.emarsysdest.store.StateDatabase;
import io.emarsysdest.testkit.PostgresTestDatabase;
import io.emarsysdest.testkit.datamap.DataMapRepositoryContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The data-map repository contract on PostgreSQL, in one open transaction. */
class PostgresDataMapRepositoryTest extends DataMapRepositoryContract {
    private StateDatabase db;
    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        db = StateDatabase.openPostgres(PostgresTestDatabase.create(), 2);
        connection = db.dataSource().getConnection();
        connection.setAutoCommit(false);
    }

    @AfterEach
    void close() throws SQLException {
        if (connection != null) {
            connection.rollback();
            connection.close();
        }
        if (db != null) db.close();
    }

    @Override
    protected DataMapRepository repository() {
        return new JdbcDataMapRepository(connection);
    }

    @Test
    void theDatabaseItselfRefusesToChangeAPublishedDefinition() throws SQLException {
        DataMapRepository repo = repository();
        repo.insert("crm", 1, definition("crm", "traits.a"), T0);
        repo.publish("crm", 1, T0);
        try (PreparedStatement ps = connection.prepareStatement("UPDATE datamap_version SET definition = '{}' WHERE map_id = 'crm'")) {
            assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class);
        }
    }
}
