package io.emarsysdest.store.identity;

import io.emarsysdest.core.identity.PersonRepository;
import io.emarsysdest.testkit.identity.PersonRepositoryContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.function.Function;

/** The repository contract on SQLite. */
class JdbcPersonRepositoryTest extends PersonRepositoryContract {
    @TempDir
    Path dir;
    private TestStateDb db;

    @BeforeEach
    void open() {
        db = new TestStateDb(dir);
    }

    @Override
    protected <T> T inTx(Function<PersonRepository, T> work) {
        return db.inTx(c -> work.apply(new JdbcPersonRepository(c)));
    }
}
