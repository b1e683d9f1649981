package io.emarsysdest.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.emarsysdest.core.delivery.BatchOutcome;
import io.emarsysdest.core.delivery.EmarsysGateway;
import io.emarsysdest.core.delivery.NewOutboxItem;
import io.emarsysdest.core.delivery.OutboxRepository;
import io.emarsysdest.server.delivery.DeliveryService;
import io.emarsysdest.server.delivery.DeliverySettings;
import io.emarsysdest.store.outbox.JdbcOutboxRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How fast the delivery stage drains a backlog of contact upserts when Emarsys answers at once and the rate limit
 * is lifted: outbox claims, planning, settling on a SQLite file (WAL, synchronous FULL). No HTTP: this is the
 * delivery stage's own ceiling, with the time spent in each outbox call.
 * Usage: {@code java [-Dsync=FULL|NORMAL|OFF] [-Dworkers=1] [-Dconcurrency=4] [-DlatencyMs=0]
 * -cp bench/target/bench.jar io.emarsysdest.bench.DeliveryThroughput [items]}.
 */
public final class DeliveryThroughput {
    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = ScratchDir.create("delivery-bench");
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(System.getProperty("sync", "FULL")));
        config.setBusyTimeout(5000);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + dir.resolve("state.db"));
        Flyway.configure().dataSource(ds).locations("classpath:db/state/sqlite").load().migrate();
        JdbcOutboxRepository outbox = new JdbcOutboxRepository(ds);

        long t0 = System.nanoTime();
        try (Connection tx = ds.getConnection()) {
            tx.setAutoCommit(false);
            List<NewOutboxItem> chunk = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                var fields = JsonNodeFactory.instance.objectNode().put("1", "First" + i).put("2", "Last" + i).put("31", 1);
                chunk.add(NewOutboxItem.upsert("acc", "3", "user" + i + "@example.com", fields, "u" + i, "p" + i));
                if (chunk.size() == 10_000) {
                    outbox.enqueue(tx, chunk, Clock.systemUTC().instant());
                    chunk.clear();
                }
            }
            outbox.enqueue(tx, chunk, Clock.systemUTC().instant());
            tx.commit();
        }
        System.out.printf("enqueued %,d upserts in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);

        AtomicLong delivered = new AtomicLong();
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        long latencyMs = Long.getLong("latencyMs", 0);
        EmarsysGateway instant = batch -> {
            if (latencyMs > 0) {
                try {
                    Thread.sleep(latencyMs); // stands in for the HTTP round trip
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            delivered.addAndGet(batch.items().size());
            sizes.add(batch.items().size());
            return new BatchOutcome.Answered(Collections.nCopies(batch.items().size(), BatchOutcome.ItemOutcome.DELIVERED));
        };
        Map<String, AtomicLong> nanosByCall = new java.util.concurrent.ConcurrentHashMap<>();
        OutboxRepository timed = (OutboxRepository) java.lang.reflect.Proxy.newProxyInstance(
                OutboxRepository.class.getClassLoader(), new Class<?>[]{OutboxRepository.class}, (proxy, method, a) -> {
                    long start = System.nanoTime();
                    try {
                        return method.invoke(outbox, a);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        nanosByCall.computeIfAbsent(method.getName(), k -> new AtomicLong()).addAndGet(System.nanoTime() - start);
                    }
                });
        DeliverySettings settings = DeliverySettings.DEFAULTS.withRequestsPerMinute(1_000_000)
                .withWorkersPerAccount(Integer.getInteger("workers", 1))
                .withMaxConcurrentRequests(Integer.getInteger("concurrency", 4));
        System.out.printf("workers %d, requests in flight %d, gateway latency %d ms%n", settings.workersPerAccount(),
                settings.maxConcurrentRequests(), latencyMs);
        DeliveryService service = new DeliveryService(settings,
                timed, Map.of("acc", instant), Clock.systemUTC(), new SimpleMeterRegistry());
        long t1 = System.nanoTime();
        service.start();
        service.wakeUp();
        while (delivered.get() < n) Thread.sleep(20);
        double seconds = (System.nanoTime() - t1) / 1e9;
        service.stop();
        System.out.printf("delivered %,d upserts in %.2f s: %,.0f items/s, %.1f items per request over %,d requests%n",
                n, seconds, n / seconds, sizes.stream().mapToInt(Integer::intValue).average().orElse(0), sizes.size());
        nanosByCall.forEach((call, nanos) -> System.out.printf("  %-14s %6.2f s%n", call, nanos.get() / 1e9));
    }
}
