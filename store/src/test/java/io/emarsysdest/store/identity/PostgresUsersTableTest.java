package io.emarsysdest.store.identity;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.identity.IdentitySettings;
import io.emarsysdest.core.identity.PersonRepository;
import io.emarsysdest.core.identity.Resolution;
import io.emarsysdest.testkit.identity.IdentityEvents;
import io.emarsysdest.testkit.identity.IdentityScenarios;
import io.emarsysdest.testkit.identity.UsersTableHarness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The identity scenarios on PostgreSQL, as several writers would run it (no cache between batches). */
class PostgresUsersTableTest extends IdentityScenarios {

    @Override
    protected UsersTableHarness usersTable(IdentitySettings settings) {
        PgTestDb db = new PgTestDb();
        UsersTable table = new UsersTable(settings, new SimpleMeterRegistry(), 0);
        return new UsersTableHarness() {
            @Override
            public List<Resolution> apply(List<Event> batch) {
                List<Resolution> out = db.inTx(c -> table.applyBatch(c, batch));
                table.afterCommit();
                return out;
            }

            @Override
            public <T> T read(Function<PersonRepository, T> work) {
                return db.inTx(c -> work.apply(new JdbcPersonRepository(c)));
            }
        };
    }

    @Test
    public void twoNodesSeeingTheSameNewEmailAtOnceMakeOnePersonAfterARetry() throws Exception {
        PgTestDb db = new PgTestDb();
        IdentityEvents ev = IdentityEvents.at("2026-04-01T09:00:00Z");
        CyclicBarrier bothRead = new CyclicBarrier(2);
        AtomicInteger retries = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Resolution>> results = new ArrayList<>();
            for (String anon : List.of("node-1", "node-2")) {
                Event e = ev.identify("{\"anonymousId\":\"" + anon + "\",\"traits\":{\"email\":\"race@x.io\"}}");
                UsersTable table = new UsersTable(IdentitySettings.DEFAULTS, new SimpleMeterRegistry(), 0);
                results.add(pool.submit(() -> {
                    for (int attempt = 0; ; attempt++) {
                        try (Connection c = db.open()) {
                            try {
                                if (attempt == 0) {
                                    // Both first attempts read from a snapshot taken before either writes (a READ
                                    // COMMITTED lookup could see the other's commit and never conflict): exactly one
                                    // of them then meets the other's row in the unique index, as two nodes racing do.
                                    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM identity")) {
                                        rs.next();
                                    }
                                    bothRead.await(10, TimeUnit.SECONDS);
                                }
                                Resolution r = table.applyBatch(c, List.of(e)).get(0);
                                c.commit();
                                table.afterCommit();
                                return r;
                            } catch (StoreException x) {
                                c.rollback();
                                table.afterRollback();
                                if (!x.isConflict()) throw x;
                                retries.incrementAndGet();
                            }
                        }
                    }
                }));
            }
            Resolution a = results.get(0).get(30, TimeUnit.SECONDS);
            Resolution b = results.get(1).get(30, TimeUnit.SECONDS);

            assertThat(a.personId()).isEqualTo(b.personId());
            assertThat(retries.get()).isEqualTo(1);
            long persons = db.inTx(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM person")) {
                    rs.next();
                    return rs.getLong(1);
                } catch (SQLException x) {
                    throw new IllegalStateException(x);
                }
            });
            assertThat(persons).as("the loser's person row was rolled back").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
