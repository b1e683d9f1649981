package io.emarsysdest.bench.identity;

import io.emarsysdest.core.identity.IdKey;
import io.emarsysdest.core.identity.IdType;
import io.emarsysdest.core.identity.IdentityRecord;
import io.emarsysdest.store.identity.JdbcPersonRepository;
import org.flywaydb.core.Flyway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
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
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Latency of one identifier lookup in an embedded users table holding many identifiers (target: p99 ≤ 1 ms with
 * 10 million). Sample mode reports percentiles. Run:
 * {@code java -jar bench/target/bench.jar IdentityLookupBenchmark -p identifiers=10000000}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class IdentityLookupBenchmark {
    @Param({"1000000"})
    int identifiers;

    private Path dir;
    private Connection connection;
    private JdbcPersonRepository repo;
    private final SplittableRandom random = new SplittableRandom(7);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("identity-lookup-bench");
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setCacheSize(-32_000);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + dir.resolve("state.db"));
        Flyway.configure().dataSource(ds).locations("classpath:db/state/sqlite").load().migrate();
        connection = ds.getConnection();
        fill(connection, identifiers);
        repo = new JdbcPersonRepository(connection);
    }

    /** Identifiers of three types, a third of persons holding each; inserted in key order to build quickly. */
    private static void fill(Connection c, int n) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO identity (type, value_norm, value_raw, person_id, first_seen, last_seen) VALUES (?, ?, ?, ?, 0, 0)")) {
            for (int i = 0; i < n; i++) {
                String v = key(i);
                s.setInt(1, IdType.ANONYMOUS_ID.code());
                s.setString(2, v);
                s.setString(3, v);
                s.setLong(4, i / 3 + 1);
                s.addBatch();
                if (i % 100_000 == 99_999) {
                    s.executeBatch();
                    c.commit();
                }
            }
            s.executeBatch();
            c.commit();
        }
        c.setAutoCommit(true);
    }

    private static String key(int i) {
        return String.format("%08x-anon-%09d", Integer.reverse(i), i); // spread like random device ids
    }

    @Benchmark
    public IdentityRecord lookup() {
        return repo.findIdentity(new IdKey(IdType.ANONYMOUS_ID, key(random.nextInt(identifiers))));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException, IOException {
        connection.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
