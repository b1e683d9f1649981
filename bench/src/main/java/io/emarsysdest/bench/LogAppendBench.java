package io.emarsysdest.bench;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.ingest.Endpoint;
import io.emarsysdest.core.ingest.IngestLimits;
import io.emarsysdest.core.ingest.IngestParser;
import io.emarsysdest.store.eventlog.SqliteEventLog;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/**
 * In-process throughput of the ingest path without HTTP: parse 100-event batches and append them to the SQLite log
 * from concurrent senders. Usage: java -cp bench.jar io.emarsysdest.bench.LogAppendBench [events] [senders]
 */
public final class LogAppendBench {
    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int senders = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        Path dir = ScratchDir.create("log-bench");
        IngestParser parser = new IngestParser(IngestLimits.SEGMENT, () -> UUID.randomUUID().toString());
        EventFactory factory = new EventFactory(10_000, 10, 60, 20, 10, "lb");
        SplittableRandom random = new SplittableRandom(1);
        List<byte[]> bodies = new ArrayList<>();
        for (int b = 0; b < total / 100; b++) {
            StringBuilder sb = new StringBuilder("{\"batch\":[");
            for (int i = 0; i < 100; i++) {
                if (i > 0) sb.append(',');
                factory.append(sb, random, Instant.now());
            }
            bodies.add(sb.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        }
        try (SqliteEventLog log = SqliteEventLog.open(dir.resolve("events.db"), 1_000_000)) {
            long parseNanos = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < Math.min(200, bodies.size()); i++) parser.parse(bodies.get(i), Endpoint.BATCH, Instant.now());
            parseNanos = System.nanoTime() - t0;
            System.out.printf("parse only (cold): %.1f µs per event%n", parseNanos / 1000.0 / (Math.min(200, bodies.size()) * 100));
            long ps = System.nanoTime();
            List<List<Event>> parsed = new ArrayList<>();
            for (byte[] body : bodies) parsed.add(parser.parse(body, Endpoint.BATCH, Instant.now()).accepted());
            double pS = (System.nanoTime() - ps) / 1e9;
            System.out.printf("parse only (one thread, warm): %.0f events/s%n", total / pS);
            long as = System.nanoTime();
            List<CompletableFuture<?>> appends = new ArrayList<>();
            for (List<Event> events : parsed) appends.add(log.append(events.stream().map(e -> e.withOffset(0)).toList()));
            CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).join();
            double aS = (System.nanoTime() - as) / 1e9;
            System.out.printf("append only (pre-parsed, all queued at once): %.0f events/s%n", total / aS);
            bodies.replaceAll(b -> new String(b, StandardCharsets.UTF_8).replace("\"lb-", "\"lc-").getBytes(StandardCharsets.UTF_8));
            long start = System.nanoTime();
            try (var pool = Executors.newFixedThreadPool(senders)) {
                List<CompletableFuture<?>> all = new ArrayList<>();
                for (byte[] body : bodies) {
                    all.add(CompletableFuture.supplyAsync(() -> {
                        List<Event> events = parser.parse(body, Endpoint.BATCH, Instant.now()).accepted();
                        return log.append(events).join();
                    }, pool));
                }
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            }
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf("parse + durable append: %d events in %.2fs = %.0f events/s (%d cores, %s senders)%n",
                    total, s, total / s, Runtime.getRuntime().availableProcessors(), senders);
        }
    }
}
