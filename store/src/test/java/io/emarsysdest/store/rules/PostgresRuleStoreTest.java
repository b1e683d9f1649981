package io.emarsysdest.store.rules;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The same contract on PostgreSQL, when {@code EMD_TEST_POSTGRES_URL} points at a database the test may create
 * schemas in (e.g. {@code jdbc:postgresql://localhost:5432/postgres?user=postgres}). Each test gets its own schema.
 */
@EnabledIfEnvironmentVariable(named = "EMD_TEST_POSTGRES_URL", matches = ".+")
class PostgresRuleStoreTest extends JdbcRuleStoreTest {
    String schema;

    @BeforeEach
    void migrate() {
        schema = "rules_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Flyway.configure().dataSource(System.getenv("EMD_TEST_POSTGRES_URL"), null, null).schemas(schema).createSchemas(true)
                .locations("classpath:db/state/postgresql").load().migrate();
    }

    @Override
    Connection open() throws SQLException {
        Connection c = DriverManager.getConnection(System.getenv("EMD_TEST_POSTGRES_URL"));
        c.setSchema(schema);
        c.setAutoCommit(false);
        return c;
    }
}
