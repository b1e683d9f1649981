package io.emarsysdest.store.outbox;

import io.emarsysdest.core.delivery.OutboxRepository;
import io.emarsysdest.testkit.delivery.OutboxRepositoryContract;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

/**
 * The outbox contract on PostgreSQL, each test in a fresh schema. Runs when EMARSYSDEST_TEST_PG_URL is set, e.g.
 * {@code jdbc:postgresql://localhost:5432/test?user=test&password=test}.
 */
@EnabledIfEnvironmentVariable(named = "EMARSYSDEST_TEST_PG_URL", matches = ".+")
class PostgresOutboxRepositoryTest extends OutboxRepositoryContract {
    private PGSimpleDataSource dataSource;
    private String schema;
    private JdbcOutboxRepository repository;

    @BeforeEach
    void open() {
        schema = "outbox_test_" + UUID.randomUUID().toString().replace("-", "");
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(System.getenv("EMARSYSDEST_TEST_PG_URL"));
        dataSource.setCurrentSchema(schema);
        Flyway.configure().dataSource(dataSource).schemas(schema).createSchemas(true)
                .locations("classpath:db/state/postgresql").load().migrate();
        repository = new JdbcOutboxRepository(dataSource);
    }

    @AfterEach
    void drop() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Override
    protected OutboxRepository repository() {
        return repository;
    }

    @Override
    protected void inTransaction(boolean commit, TxWork work) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            work.run(c);
            if (commit) c.commit();
            else c.rollback();
        }
    }
}
