package io.emarsysdest.bench;

import io.emarsysdest.core.rules.RuleTimer;
import io.emarsysdest.server.rules.TimerService;
import io.emarsysdest.server.rules.TimerServiceConfig;
import io.emarsysdest.store.rules.JdbcRuleStateStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Firing lateness of rule timers in the embedded store: {@code pending} timers in the table, of which {@code due} fall
 * due at random times over the next {@code windowSeconds}; the real {@link TimerService} fires them into a sink that
 * deletes each fired timer in its own transaction per batch (the processor's minimum work). Prints lateness percentiles.
 *
 * <pre>java -cp bench/target/bench.jar io.emarsysdest.bench.TimerLatenessBench [pending] [due] [windowSeconds]</pre>
 */
public final class TimerLatenessBench {
    public static void main(String[] args) throws Exception {
        int pending = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int due = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        Path dir = ScratchDir.create("timer-bench");
        SQLiteDataSource db = new SQLiteDataSource();
        db.setUrl("jdbc:sqlite:" + dir.resolve("state.db"));
        db.setJournalMode("WAL");
        db.setSynchronous("NORMAL");
        db.setBusyTimeout(10_000);
        Flyway.configure().dataSource(db).locations("classpath:db/state/sqlite").load().migrate();

        Instant start = Instant.now().plusSeconds(15);
        SplittableRandom random = new SplittableRandom(7);
        long t0 = System.nanoTime();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            JdbcRuleStateStore timers = new JdbcRuleStateStore(c);
            List<RuleTimer> chunk = new ArrayList<>(10_000);
            for (int i = 0; i < pending; i++) {
                long dueAt = i < due
                        ? start.toEpochMilli() + random.nextLong(window * 1000L)
                        : start.toEpochMilli() + Duration.ofDays(1).toMillis() + random.nextLong(Duration.ofDays(30).toMillis());
                Instant at = Instant.ofEpochMilli(dueAt);
                chunk.add(new RuleTimer("p" + i, "rule-" + (i % 100), "m" + i, 1, at, at));
                if (chunk.size() == 10_000) {
                    timers.applyTimers(chunk, List.of());
                    chunk.clear();
                }
            }
            timers.applyTimers(chunk, List.of());
            c.commit();
        }
        System.out.printf("inserted %,d timers (%,d due within %d s) in %d ms%n", pending, due, window, (System.nanoTime() - t0) / 1_000_000);

        long[] lateness = new long[due];
        int[] n = {0};
        CountDownLatch done = new CountDownLatch(due);
        try (TimerService service = new TimerService(db, batch -> {
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(false);
                JdbcRuleStateStore repo = new JdbcRuleStateStore(c);
                for (RuleTimer t : batch) repo.timerFired(t);
                c.commit();
            }
            long now = System.currentTimeMillis();
            synchronized (lateness) {
                for (RuleTimer t : batch) {
                    if (n[0] < lateness.length) lateness[n[0]++] = now - t.dueAt().toEpochMilli();
                    done.countDown();
                }
            }
        }, InstantSource.system(), TimerServiceConfig.DEFAULT, new SimpleMeterRegistry())) {
            service.start();
            if (!done.await(window + 120, TimeUnit.SECONDS)) System.out.println("not all timers fired in time");
        }
        long[] sorted = Arrays.copyOf(lateness, n[0]);
        Arrays.sort(sorted);
        System.out.printf("fired %,d timers; lateness ms: p50 %d, p99 %d, p99.9 %d, max %d%n", sorted.length,
                pct(sorted, 0.50), pct(sorted, 0.99), pct(sorted, 0.999), sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.forEach(files::add);
        }
        for (Path f : files) Files.deleteIfExists(f);
        Files.deleteIfExists(dir);
    }

    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
