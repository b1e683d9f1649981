package io.emarsysdest.store.identity;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.identity.IdentitySettings;
import io.emarsysdest.core.identity.PersonRepository;
import io.emarsysdest.core.identity.Resolution;
import io.emarsysdest.testkit.identity.IdentityScenarios;
import io.emarsysdest.testkit.identity.UsersTableHarness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** The identity scenarios through {@link UsersTable} on SQLite, with the cache between batches. */
class SqliteUsersTableTest extends IdentityScenarios {
    @TempDir
    Path dir;

    protected int cachedPersons() {
        return UsersTable.DEFAULT_CACHED_PERSONS;
    }

    @Override
    protected UsersTableHarness usersTable(IdentitySettings settings) {
        TestStateDb db = new TestStateDb(dir);
        UsersTable table = new UsersTable(settings, new SimpleMeterRegistry(), cachedPersons());
        return new UsersTableHarness() {
            @Override
            public List<Resolution> apply(List<Event> batch) {
                List<Resolution> out = db.inTx(c -> table.applyBatch(c, batch));
                table.afterCommit();
                return out;
            }

            @Override
            public <T> T read(Function<PersonRepository, T> work) {
                T result = db.inTx(c -> work.apply(new JdbcPersonRepository(c)));
                table.invalidate(); // the work may have deleted a person
                return result;
            }
        };
    }

    /** The same scenarios with no cache between batches: every batch loads what it needs from the database. */
    static class Uncached extends SqliteUsersTableTest {
        @Override
        protected int cachedPersons() {
            return 0;
        }
    }
}
