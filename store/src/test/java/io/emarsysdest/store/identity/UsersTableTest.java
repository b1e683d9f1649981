package io.emarsysdest.store.identity;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.identity.IdentityResolver;
import io.emarsysdest.core.identity.IdentitySettings;
import io.emarsysdest.core.identity.InMemoryPersonRepository;
import io.emarsysdest.core.identity.Resolution;
import io.emarsysdest.testkit.identity.IdentityEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** What the processor relies on beyond the scenarios: transactions, retries, the cache and metrics. */
class UsersTableTest {
    @TempDir
    Path dir;
    @TempDir
    Path otherDir;
    private TestStateDb db;
    private final IdentityEvents ev = IdentityEvents.at("2026-04-01T09:00:00Z");

    @BeforeEach
    void open() {
        db = new TestStateDb(dir);
    }

    private long count(String sql) {
        return db.inTx(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The processor's loop: apply, commit, report; on a conflict roll back, report and retry. */
    private static List<Resolution> applyWithRetry(TestStateDb db, UsersTable table, List<Event> batch, AtomicInteger retries,
                                                   java.util.function.Consumer<Connection> beforeApply) throws SQLException {
        while (true) {
            try (Connection c = db.open()) {
                try {
                    beforeApply.accept(c);
                    List<Resolution> out = table.applyBatch(c, batch);
                    c.commit();
                    table.afterCommit();
                    return out;
                } catch (StoreException e) {
                    c.rollback();
                    table.afterRollback();
                    if (!e.isConflict()) throw e;
                    retries.incrementAndGet();
                }
            }
        }
    }

    @Test
    public void twoFirstIdentifiesWithTheSameEmailAtTheSameMomentMakeOnePerson() throws Exception {
        Event viaWeb = ev.identify("{\"anonymousId\":\"web\",\"traits\":{\"email\":\"same@x.io\",\"from\":\"web\"}}");
        Event viaApp = ev.identify("{\"anonymousId\":\"app\",\"traits\":{\"email\":\"SAME@x.io\",\"from\":\"app\"}}");
        CyclicBarrier bothRead = new CyclicBarrier(2);
        AtomicInteger retries = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Resolution>>> results = new ArrayList<>();
            for (Event e : List.of(viaWeb, viaApp)) {
                UsersTable table = new UsersTable(IdentitySettings.DEFAULTS, new SimpleMeterRegistry(), 0);
                AtomicInteger attempt = new AtomicInteger();
                // both writers look before either writes, the race a second node or thread would have
                results.add(pool.submit(() -> applyWithRetry(db, table, List.of(e), retries, c -> {
                    if (attempt.getAndIncrement() == 0) {
                        readSomething(c);
                        await(bothRead);
                    }
                })));
            }
            Resolution a = results.get(0).get(30, TimeUnit.SECONDS).get(0);
            Resolution b = results.get(1).get(30, TimeUnit.SECONDS).get(0);

            assertThat(a.personId()).isEqualTo(b.personId());
            assertThat(List.of(a.isNew(), b.isNew())).containsExactlyInAnyOrder(true, false);
            assertThat(retries.get()).as("the second writer had to retry").isGreaterThanOrEqualTo(1);
            assertThat(count("SELECT count(*) FROM person")).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM identity WHERE type = 3")).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void aWriterWithAStaleViewFailsWithARetryableConflictAndTheRetryJoinsTheFirstPerson() throws Exception {
        UsersTable first = new UsersTable(IdentitySettings.DEFAULTS, new SimpleMeterRegistry(), 0);
        UsersTable second = new UsersTable(IdentitySettings.DEFAULTS, new SimpleMeterRegistry(), 0);
        try (Connection stale = db.open()) {
            readSomething(stale); // the snapshot starts here
            Resolution winner = db.inTx(c -> first.applyBatch(c, List.of(ev.identify("{\"userId\":\"u-c\",\"traits\":{\"email\":\"c@x.io\"}}")))).get(0);
            first.afterCommit();

            StoreException conflict = null;
            try {
                second.applyBatch(stale, List.of(ev.identify("{\"anonymousId\":\"a-c\",\"traits\":{\"email\":\"c@x.io\"}}")));
            } catch (StoreException e) {
                conflict = e;
            }
            stale.rollback();
            second.afterRollback();

            assertThat(conflict).isNotNull();
            assertThat(conflict.isConflict()).isTrue();
            Resolution retried = applyWithRetry(db, second,
                    List.of(ev.identify("{\"anonymousId\":\"a-c\",\"traits\":{\"email\":\"c@x.io\"}}")), new AtomicInteger(), c -> { }).get(0);
            assertThat(retried.personId()).isEqualTo(winner.personId());
        }
    }

    @Test
    public void aRolledBackBatchLeavesNoTraceInTheCache() {
        UsersTable table = new UsersTable(IdentitySettings.DEFAULTS, new SimpleMeterRegistry());
        try (Connection c = db.open()) {
            table.applyBatch(c, List.of(ev.identify("{\"userId\":\"rb\",\"traits\":{\"email\":\"rb@x.io\"}}")));
            c.rollback();
            table.afterRollback();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Resolution again = db.inTx(c -> table.applyBatch(c, List.of(ev.track("{\"userId\":\"rb\"}")))).get(0);
        table.afterCommit();

        assertThat(again.isNew()).isTrue();
        assertThat(again.isContact()).isFalse();
        assertThat(count("SELECT count(*) FROM person")).isEqualTo(1);
    }

    @Test
    public void aBatchWhoseOutcomeWasNeverReportedIsNotTrustedByTheNextOne() {
        UsersTable table = new UsersTable(IdentitySettings.DEFAULTS, new SimpleMeterRegistry());
        try (Connection c = db.open()) {
            table.applyBatch(c, List.of(ev.identify("{\"userId\":\"lost\"}")));
            c.rollback(); // and the caller forgets afterRollback()
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Resolution next = db.inTx(c -> table.applyBatch(c, List.of(ev.track("{\"userId\":\"lost\"}")))).get(0);
        table.afterCommit();

        assertThat(next.isNew()).isTrue();
        assertThat(count("SELECT count(*) FROM identity")).isEqualTo(1);
    }

    @Test
    public void aKnownVisitorsEventsWithinTheSeenResolutionAnswerExactlyButWriteNothing() {
        UsersTable table = new UsersTable(IdentitySettings.DEFAULTS, new SimpleMeterRegistry());
        Resolution first = db.inTx(c -> table.applyBatch(c, List.of(ev.track("{\"anonymousId\":\"quiet\"}")))).get(0);
        table.afterCommit();
        String before = db.inTx(c -> rowOf(c, first.personId()));

        Resolution later = db.inTx(c -> table.applyBatch(c, List.of(ev.minutesLater(10).page("{\"anonymousId\":\"quiet\"}")))).get(0);
        table.afterCommit();
        assertThat(later.lastSeen()).isEqualTo(ev.now());
        String unchanged = db.inTx(c -> rowOf(c, first.personId()));
        assertThat(unchanged).isEqualTo(before);

        Resolution nextHour = db.inTx(c -> table.applyBatch(c, List.of(ev.minutesLater(60).page("{\"anonymousId\":\"quiet\"}")))).get(0);
        table.afterCommit();
        String moved = db.inTx(c -> rowOf(c, first.personId()));
        assertThat(moved).isNotEqualTo(before).contains(String.valueOf(nextHour.lastSeen().toEpochMilli()));
    }

    private static String rowOf(Connection c, long personId) {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT p.last_seen || '/' || i.last_seen FROM person p JOIN identity i ON i.person_id = p.id WHERE p.id = " + personId)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void aPersonDeletedBehindTheCachesBackMakesTheBatchRetryInsteadOfWritingForAGhost() {
        UsersTable table = new UsersTable(IdentitySettings.DEFAULTS, new SimpleMeterRegistry());
        Resolution first = db.inTx(c -> table.applyBatch(c, List.of(ev.identify("{\"userId\":\"ghost\"}")))).get(0);
        table.afterCommit();
        db.inTx(c -> new JdbcPersonRepository(c).delete(first.personId())); // and nobody calls invalidate() yet

        StoreException conflict = null;
        try (Connection c = db.open()) {
            try {
                table.applyBatch(c, List.of(ev.minutesLater(1).identify("{\"userId\":\"ghost\",\"anonymousId\":\"g-a\"}")));
                c.commit();
            } catch (StoreException e) {
                conflict = e;
                c.rollback();
                table.afterRollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(conflict).isNotNull();
        assertThat(conflict.isConflict()).isTrue();

        Resolution retried = db.inTx(c -> table.applyBatch(c, List.of(ev.identify("{\"userId\":\"ghost\",\"anonymousId\":\"g-a\"}")))).get(0);
        table.afterCommit();
        assertThat(retried.isNew()).isTrue();
        assertThat(count("SELECT count(*) FROM identity i LEFT JOIN person p ON p.id = i.person_id WHERE p.id IS NULL")).isZero();
    }

    @Test
    public void metricsCountCommittedBatchesOnly() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        UsersTable table = new UsersTable(IdentitySettings.DEFAULTS, registry);
        List<Event> batch = List.of(
                ev.identify("{\"userId\":\"m1\",\"anonymousId\":\"shared\",\"traits\":{\"email\":\"m1@x.io\"}}"),
                ev.identify("{\"userId\":\"m2\",\"anonymousId\":\"shared\"}"),
                ev.track("{\"anonymousId\":\"anonymous\"}"),
                ev.track("{\"anonymousId\":\"late\"}"),
                ev.alias("{\"userId\":\"m2\",\"previousId\":\"late\"}"));
        try (Connection c = db.open()) {
            table.applyBatch(c, batch);
            c.rollback();
            table.afterRollback();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(registry.find("identity.persons.created").counter()).isNull();

        db.inTx(c -> table.applyBatch(c, batch));
        table.afterCommit();

        assertThat(registry.get("identity.persons.created").counter().count()).isEqualTo(3);
        assertThat(registry.get("identity.merges").counter().count()).isEqualTo(1);
        assertThat(registry.get("identity.merges.refused").tag("reason", "limit_user_id").counter().count()).isEqualTo(1);
        assertThat(registry.get("identity.identifiers.dropped").tag("reason", "blocked").counter().count()).isEqualTo(1);
        assertThat(registry.get("identity.events.unresolved").counter().count()).isEqualTo(1);
    }

    @Test
    public void theStoredUsersTableAgreesWithThePureResolverOnRandomTraffic() {
        List<List<Event>> batches = randomTraffic(new Random(42), 40, 50);
        IdentityResolver resolver = new IdentityResolver(IdentitySettings.DEFAULTS);
        InMemoryPersonRepository memory = new InMemoryPersonRepository();
        UsersTable cached = new UsersTable(IdentitySettings.DEFAULTS, new SimpleMeterRegistry());
        TestStateDb other = new TestStateDb(otherDir);
        UsersTable uncached = new UsersTable(IdentitySettings.DEFAULTS, new SimpleMeterRegistry(), 0);

        int merges = 0, changes = 0;
        for (List<Event> batch : batches) {
            List<Resolution> expected = resolver.resolveAll(batch, memory);
            List<Resolution> viaCache = db.inTx(c -> cached.applyBatch(c, batch));
            cached.afterCommit();
            List<Resolution> viaDb = other.inTx(c -> uncached.applyBatch(c, batch));
            uncached.afterCommit();
            assertThat(viaCache).isEqualTo(expected);
            assertThat(viaDb).isEqualTo(expected);
            for (Resolution r : expected) {
                merges += r.merges().size();
                if (r.keyChanged()) changes++;
            }
        }
        assertThat(merges).as("the traffic exercises merges").isPositive();
        assertThat(changes).as("and key changes").isPositive();
        assertThat(count("SELECT count(*) FROM person WHERE merged_into IS NULL")).isEqualTo(memory.personCount() - merges);
    }

    @Test
    public void largeBatchesStoreEveryPersonAsThePureResolverHasIt() {
        // batches larger than a slice, so several slices load and resolve in one transaction; most writes of known
        // persons only move trait times, which are stored without the rest of the row
        List<List<Event>> batches = randomTraffic(new Random(7), 6, 3 * UsersTable.SLICE + 17);
        IdentityResolver resolver = new IdentityResolver(IdentitySettings.DEFAULTS);
        InMemoryPersonRepository memory = new InMemoryPersonRepository();
        UsersTable table = new UsersTable(IdentitySettings.DEFAULTS, new SimpleMeterRegistry());
        for (List<Event> batch : batches) {
            List<Resolution> expected = resolver.resolveAll(batch, memory);
            List<Resolution> actual = db.inTx(c -> table.applyBatch(c, batch));
            assertThat(actual).isEqualTo(expected);
            table.afterCommit();
        }
        db.inTx(c -> {
            JdbcPersonRepository stored = new JdbcPersonRepository(c);
            for (long id = 1; id <= memory.personCount(); id++) {
                if (memory.mergedInto(id) != null) continue;
                io.emarsysdest.core.identity.PersonState want = memory.own(id);
                io.emarsysdest.core.identity.PersonState got = stored.find(id);
                assertThat(got).as("person %d", id).isNotNull();
                // last_seen is stored to the seen resolution; everything else exactly
                assertThat(got.withId(id)).usingRecursiveComparison().ignoringFields("lastSeen").as("person %d", id).isEqualTo(want);
                assertThat(got.traits()).isEqualTo(want.traits());
                assertThat(got.traitTimes()).isEqualTo(want.traitTimes());
            }
            return null;
        });
    }

    @Test
    public void aBatchResolvedInSlicesOfAnySizeAnswersAsOneCall() {
        List<List<Event>> batches = randomTraffic(new Random(11), 5, 300);
        IdentityResolver resolver = new IdentityResolver(IdentitySettings.DEFAULTS);
        InMemoryPersonRepository memory = new InMemoryPersonRepository();
        UsersTable table = new UsersTable(IdentitySettings.DEFAULTS, new SimpleMeterRegistry());
        Random sizes = new Random(5);
        for (List<Event> batch : batches) {
            List<Resolution> expected = resolver.resolveAll(batch, memory);
            List<Resolution> actual = db.inTx(c -> {
                UsersTable.Batch b = table.begin(c);
                List<Resolution> out = new ArrayList<>();
                for (int from = 0; from < batch.size(); ) {
                    int to = Math.min(batch.size(), from + 1 + sizes.nextInt(120));
                    out.addAll(b.resolve(batch.subList(from, to)));
                    from = to;
                }
                b.flush();
                return out;
            });
            table.afterCommit();
            assertThat(actual).isEqualTo(expected);
        }
        assertThat(count("SELECT count(*) FROM person WHERE merged_into IS NULL"))
                .isEqualTo(memory.personCount() - count("SELECT count(*) FROM merge_log"));
    }

    /** Users browsing anonymously on one or two devices, logging in, sometimes changing e-mail, sometimes sharing a device. */
    private List<List<Event>> randomTraffic(Random random, int batches, int batchSize) {
        List<List<Event>> out = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            List<Event> batch = new ArrayList<>();
            for (int i = 0; i < batchSize; i++) {
                int user = random.nextInt(60);
                String anon = "dev-" + (random.nextInt(10) == 0 ? random.nextInt(60) : user) + "-" + random.nextInt(2);
                String email = "user" + user + (random.nextInt(15) == 0 ? "+new" : "") + "@x.io";
                ev.minutesLater(random.nextInt(3));
                Event e = switch (random.nextInt(6)) {
                    case 0 -> ev.identify("{\"userId\":\"u" + user + "\",\"anonymousId\":\"" + anon + "\",\"traits\":{\"email\":\""
                            + email + "\",\"score\":" + random.nextInt(100) + "}}");
                    case 1 -> ev.track("{\"anonymousId\":\"" + anon + "\",\"context\":{\"traits\":{\"email\":\"" + email + "\"}}}");
                    case 2 -> ev.alias("{\"userId\":\"u" + user + "\",\"previousId\":\"" + anon + "\"}");
                    case 3 -> ev.page("{\"userId\":\"u" + user + "\"}");
                    default -> ev.track("{\"anonymousId\":\"" + anon + "\",\"context\":{\"traits\":{\"seen\":" + i + "}}}");
                };
                batch.add(e);
            }
            out.add(batch);
        }
        return out;
    }

    private static void readSomething(Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM identity")) {
            rs.next();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
