package io.emarsysdest.bench.identity;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.identity.IdentitySettings;
import io.emarsysdest.store.identity.UsersTable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The users table on embedded SQLite as the processor drives it: one transaction per batch of 1000 events, committed
 * with synchronous=FULL. One operation = one event. Run: {@code java -jar bench/target/bench.jar UsersTableBenchmark}
 * (add {@code -p prefill=false} for a cold start, {@code -p walAutocheckpoint=16000} for fewer checkpoints).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class UsersTableBenchmark {
    private static final int BATCH = 1000;

    @Param({"50000"})
    int users;

    @Param({"50000"})
    int cachedPersons;

    /**
     * true: the users table already knows the population (a 200,000-event pass runs in setup), so the measurement is
     * the steady state of known users with some first-time visitors; false: it starts empty and most events create
     * persons (a cold start, dominated by inserts).
     */
    @Param({"true"})
    boolean prefill;

    /** SQLite's wal_autocheckpoint in pages (its default is 1000); larger means fewer checkpoints. */
    @Param({"1000"})
    int walAutocheckpoint;

    /** FULL is what the service uses; NORMAL shows how much of the time is the commit's fsync. */
    @Param({"FULL"})
    String synchronous;

    private Path dir;
    private Connection connection;
    private UsersTable table;
    private List<Event> events;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("users-table-bench");
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(synchronous));
        config.setCacheSize(-32_000);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + dir.resolve("state.db"));
        Flyway.configure().dataSource(ds).locations("classpath:db/state/sqlite").load().migrate();
        connection = ds.getConnection();
        try (var s = connection.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint = " + walAutocheckpoint);
        }
        connection.setAutoCommit(false);
        table = new UsersTable(IdentitySettings.DEFAULTS, new SimpleMeterRegistry(), cachedPersons);
        if (prefill) {
            List<Event> known = IdentityTraffic.generate(200_000, users, 1);
            for (int i = 0; i < known.size(); i += BATCH) {
                table.applyBatch(connection, known.subList(i, i + BATCH));
                connection.commit();
                table.afterCommit();
            }
        }
        events = IdentityTraffic.generate(200_000, users, 2);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int applyBatch() throws SQLException {
        if (next + BATCH > events.size()) next = 0;
        int n = table.applyBatch(connection, events.subList(next, next + BATCH)).size();
        connection.commit();
        table.afterCommit();
        next += BATCH;
        return n;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException, IOException {
        connection.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
