package io.emarsysdest.store.identity;

import io.emarsysdest.core.identity.PersonRepository;
import io.emarsysdest.testkit.identity.PersonRepositoryContract;
import org.junit.jupiter.api.BeforeEach;

import java.util.function.Function;

/** The repository contract on PostgreSQL. */
class PostgresPersonRepositoryTest extends PersonRepositoryContract {
    private PgTestDb db;

    @BeforeEach
    void open() {
        db = new PgTestDb();
    }

    @Override
    protected <T> T inTx(Function<PersonRepository, T> work) {
        return db.inTx(c -> work.apply(new JdbcPersonRepository(c)));
    }
}
