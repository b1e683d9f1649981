package io.emarsysdest.store.outbox;

import io.emarsysdest.core.delivery.OutboxRepository;
import io.emarsysdest.store.StateDatabase;
import io.emarsysdest.testkit.PostgresTestDatabase;
import io.emarsysdest.testkit.delivery.OutboxRepositoryContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.sql.Connection;

/** The outbox contract on PostgreSQL (claims use FOR UPDATE SKIP LOCKED there). */
class PostgresOutboxRepositoryTest extends OutboxRepositoryContract {
    private StateDatabase db;
    private JdbcOutboxRepository repository;

    @BeforeEach
    void open() {
        db = StateDatabase.openPostgres(PostgresTestDatabase.create(), 4);
        repository = new JdbcOutboxRepository(db.dataSource());
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    @Override
    protected OutboxRepository repository() {
        return repository;
    }

    @Override
    protected void inTransaction(boolean commit, TxWork work) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            work.run(c);
            if (commit) c.commit();
            else c.rollback();
        }
    }
}
