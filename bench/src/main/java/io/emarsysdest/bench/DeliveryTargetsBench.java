package io.emarsysdest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.emarsysdest.core.delivery.NewOutboxItem;
import io.emarsysdest.emarsys.EmarsysClient;
import io.emarsysdest.emarsys.EmarsysSettings;
import io.emarsysdest.emarsys.HttpEmarsysGateway;
import io.emarsysdest.sandbox.EmarsysSandbox;
import io.emarsysdest.sandbox.RecordedRequest;
import io.emarsysdest.sandbox.SandboxOptions;
import io.emarsysdest.server.delivery.DeliveryService;
import io.emarsysdest.server.delivery.DeliverySettings;
import io.emarsysdest.store.StateDatabase;
import io.emarsysdest.store.outbox.JdbcOutboxRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Measures the delivery targets of issue 4 end to end: the real outbox ({@link JdbcOutboxRepository} on the SQLite
 * state database), the real {@link DeliveryService}, the real HTTP client ({@link HttpEmarsysGateway} over
 * {@link EmarsysClient}, WSSE) and the real Emarsys sandbox ({@link EmarsysSandbox}, started in this process on a free
 * port). Figures only; nothing is asserted.
 * <ul>
 *   <li>{@code backlog}: a queue larger than the budget can drain, the default 1000 requests/minute in both the service
 *       and the sandbox; items per request, requests in every 60 s window, and the sandbox's 429s.</li>
 *   <li>{@code drain}: the rate limit lifted in both; how fast N queued contact upserts reach the sandbox.</li>
 *   <li>{@code idle}: single items enqueued one at a time with gaps (commit, then {@code wakeUp()}, as the processor
 *       does); the time until the sandbox receives each one.</li>
 * </ul>
 * Usage: {@code java -Xmx1500m -cp bench/target/bench.jar io.emarsysdest.bench.DeliveryTargetsBench
 * backlog|drain|idle [--items=N] [--distinct=N] [--duration=S] [--rate=R] [--workers=W] [--concurrency=C] [--count=N]
 * [--gap-ms=MIN-MAX]}.
 */
public final class DeliveryTargetsBench {
    private static final String ACCOUNT = "main";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> opts;
    private final Path dir;
    private StateDatabase db;
    private JdbcOutboxRepository outbox;
    private EmarsysSandbox sandbox;
    private final MeterRegistry registry = new SimpleMeterRegistry();

    private DeliveryTargetsBench(Map<String, String> opts) throws IOException {
        this.opts = opts;
        this.dir = Files.createTempDirectory("delivery-targets");
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        if (args.length == 0) {
            System.err.println("usage: DeliveryTargetsBench backlog|drain|idle [--name=value ...]");
            System.exit(2);
        }
        Map<String, String> opts = new HashMap<>();
        for (String a : Arrays.copyOfRange(args, 1, args.length)) {
            if (!a.startsWith("--") || !a.contains("=")) throw new IllegalArgumentException("expected --name=value, got " + a);
            opts.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        DeliveryTargetsBench bench = new DeliveryTargetsBench(opts);
        System.out.printf("mode %s, %d cores, max heap %d MB, load average %s%n", args[0],
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, loadAverage());
        try {
            switch (args[0]) {
                case "backlog" -> bench.backlog();
                case "drain" -> bench.drain();
                case "idle" -> bench.idle();
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        } finally {
            bench.close();
        }
        System.out.printf("load average at the end: %s%n", loadAverage());
        System.exit(0);
    }

    // ---- modes ----

    /** Target: ≥ 950 items per upsert request, ≥ 95 % of the budget used, never over it (no 429). */
    private void backlog() throws Exception {
        int rate = intOpt("rate", 1000);
        int items = intOpt("items", 2_000_000);
        int distinct = intOpt("distinct", 400_000);
        int duration = intOpt("duration", 100);
        open(SandboxOptions.defaults().withRequestsPerMinute(rate).withRecordLimits(100_000, 64, 1000));
        enqueueBacklog(items, distinct);
        DeliveryService service = service(DeliverySettings.DEFAULTS.withRequestsPerMinute(rate));
        Instant started = Instant.now();
        service.start();
        service.wakeUp();
        Thread.sleep(duration * 1000L);
        Instant stopped = Instant.now();
        service.stop();
        long pending = outbox.stats(Instant.now()).pending();
        System.out.printf("ran %.1f s; %,d items still queued at the end (the backlog %s)%n",
                Duration.between(started, stopped).toMillis() / 1000.0, pending, pending > 0 ? "lasted" : "RAN OUT: use more --items");

        List<RecordedRequest> upserts = sandbox.requests("contact.upsert");
        long ok = upserts.stream().filter(r -> r.status() == 200).count();
        long limited = upserts.stream().filter(r -> r.status() == 429).count();
        long other = upserts.size() - ok - limited;
        System.out.printf("sandbox: %,d upsert requests received, %,d answered 200, %,d answered 429, %,d other%n",
                upserts.size(), ok, limited, other);
        printItemsPerRequest();

        List<Instant> times = upserts.stream().map(RecordedRequest::at).sorted().toList();
        if (times.isEmpty()) return;
        Instant first = times.get(0);
        // every 60 s window that starts at a received request and ends before the service stopped
        int min = Integer.MAX_VALUE;
        int max = 0;
        int windows = 0;
        for (int i = 0, j = 0; i < times.size(); i++) {
            Instant end = times.get(i).plusSeconds(60);
            while (j < times.size() && times.get(j).isBefore(end)) j++;
            max = Math.max(max, j - i);
            if (!end.isAfter(stopped)) {
                min = Math.min(min, j - i);
                windows++;
            }
        }
        System.out.printf("requests in a sliding 60 s window (sandbox receive times): max %,d (budget %,d: %s)%n",
                max, rate, max <= rate ? "never exceeded" : "EXCEEDED");
        if (windows > 0) {
            System.out.printf("  min %,d over the %,d windows that end before the stop: %.1f %% of the budget used%n",
                    min, windows, 100.0 * min / rate);
        }
        Instant firstWindowEnd = first.plusSeconds(60);
        long inFirst = times.stream().filter(t -> t.isBefore(firstWindowEnd)).count();
        System.out.printf("  first minute from the first request: %,d requests (%.1f %%)%n", inFirst, 100.0 * inFirst / rate);
        Map<Long, Integer> perClockMinute = new TreeMap<>();
        for (Instant t : times) perClockMinute.merge(t.getEpochSecond() / 60, 1, Integer::sum);
        System.out.println("  per sandbox clock minute (the sandbox's own limit window; first and last are partial):");
        perClockMinute.forEach((minute, n) -> System.out.printf("    %s  %,d%n", Instant.ofEpochSecond(minute * 60), n));
        long afterFirst = times.stream().filter(t -> !t.isBefore(firstWindowEnd) && t.isBefore(stopped)).count();
        double secondsAfter = Duration.between(firstWindowEnd, stopped).toMillis() / 1000.0;
        if (secondsAfter > 5) {
            System.out.printf("  after the first minute: %,d requests in %.1f s = %.0f requests/minute (%.1f %%)%n",
                    afterFirst, secondsAfter, afterFirst * 60 / secondsAfter, 100.0 * afterFirst * 60 / secondsAfter / rate);
        }
    }

    /** Target: 1,000,000 queued contact upserts delivered at ≥ 50,000 items/s with the rate limit lifted. */
    private void drain() throws Exception {
        int items = intOpt("items", 1_000_000);
        open(SandboxOptions.defaults().withRequestsPerMinute(0).withRecordLimits(10_000, 64, 1000));
        enqueueBacklog(items, items);
        DeliveryService service = service(DeliverySettings.DEFAULTS.withRequestsPerMinute(1_000_000));
        Counter delivered = registry.counter("emarsys.delivery.items", "op", "CONTACT_UPSERT", "result", "delivered");
        long t0 = System.nanoTime();
        service.start();
        service.wakeUp();
        long lastPrint = t0;
        double lastCount = 0;
        while (delivered.count() < items) {
            Thread.sleep(20);
            long now = System.nanoTime();
            if (now - lastPrint >= 5_000_000_000L) {
                double c = delivered.count();
                System.out.printf("  %5.1f s: %,.0f delivered (%,.0f items/s over the last 5 s)%n", (now - t0) / 1e9, c,
                        (c - lastCount) / ((now - lastPrint) / 1e9));
                lastPrint = now;
                lastCount = c;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        service.stop();
        System.out.printf("delivered %,d contact upserts in %.2f s: %,.0f items/s%n", items, seconds, items / seconds);
        System.out.printf("sandbox holds %,d contacts; %,d upsert requests with status != 200%n", sandbox.contactCount(),
                sandbox.requests("contact.upsert").stream().filter(r -> r.status() != 200).count());
        printItemsPerRequest();
    }

    /** Target: outbox item enqueued → request received by Emarsys, p99 ≤ 1 s, on an idle system. */
    private void idle() throws Exception {
        int count = intOpt("count", 300);
        String[] gap = opts.getOrDefault("gap-ms", "50-100").split("-");
        int gapMin = Integer.parseInt(gap[0]);
        int gapMax = Integer.parseInt(gap[gap.length - 1]);
        open(SandboxOptions.defaults().withRecordLimits(count + 100, 256 * 1024, 1000));
        DeliveryService service = service(DeliverySettings.DEFAULTS);
        service.start();
        Thread.sleep(2000); // let the workers go idle
        Map<String, Instant> beforeEnqueue = new LinkedHashMap<>();
        Map<String, Instant> committed = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            Thread.sleep(ThreadLocalRandom.current().nextInt(gapMin, gapMax + 1));
            String email = "idle" + i + "@example.com";
            beforeEnqueue.put(email, Instant.now());
            try (Connection tx = db.dataSource().getConnection()) {
                tx.setAutoCommit(false);
                outbox.enqueue(tx, List.of(upsert(email, i, "idle-" + i)), Instant.now());
                tx.commit();
            }
            committed.put(email, Instant.now());
            service.wakeUp();
        }
        Thread.sleep(3000);
        service.stop();

        Map<String, Instant> received = new HashMap<>();
        int requests = 0;
        for (RecordedRequest r : sandbox.requests("contact.upsert")) {
            if (r.status() != 200) continue;
            requests++;
            for (JsonNode c : JSON.readTree(r.body()).path("contacts")) received.putIfAbsent(c.path("3").asText(), r.at());
        }
        long[] fromCommit = new long[count];
        long[] fromStart = new long[count];
        long[] commitMicros = new long[count];
        int n = 0;
        for (String email : committed.keySet()) {
            Instant at = received.get(email);
            if (at == null) continue;
            fromCommit[n] = Duration.between(committed.get(email), at).toNanos() / 1000;
            fromStart[n] = Duration.between(beforeEnqueue.get(email), at).toNanos() / 1000;
            commitMicros[n] = Duration.between(beforeEnqueue.get(email), committed.get(email)).toNanos() / 1000;
            n++;
        }
        System.out.printf("%d items enqueued %d–%d ms apart, %d received by the sandbox in %d requests%n",
                count, gapMin, gapMax, n, requests);
        printPercentiles("commit → sandbox received", Arrays.copyOf(fromCommit, n));
        printPercentiles("start of enqueue → sandbox received", Arrays.copyOf(fromStart, n));
        printPercentiles("enqueue transaction (insert + commit)", Arrays.copyOf(commitMicros, n));
    }

    // ---- set-up ----

    private void open(SandboxOptions sandboxOptions) {
        db = StateDatabase.openSqlite(dir.resolve("state.db"));
        outbox = new JdbcOutboxRepository(db.dataSource());
        sandbox = EmarsysSandbox.start(0, Clock.systemUTC(), sandboxOptions);
        System.out.printf("state database %s, sandbox %s (limit %s requests/minute)%n", dir.resolve("state.db"),
                sandbox.baseUrlV2(), sandboxOptions.requestsPerMinute() == 0 ? "no" : sandboxOptions.requestsPerMinute());
    }

    private DeliveryService service(DeliverySettings base) {
        DeliverySettings settings = base
                .withWorkersPerAccount(intOpt("workers", base.workersPerAccount()))
                .withMaxConcurrentRequests(intOpt("concurrency", base.maxConcurrentRequests()));
        System.out.printf("delivery: %,d requests/minute, %d worker(s), %d request(s) in flight each, claim %,d, linger %d ms%n",
                settings.requestsPerMinute(), settings.workersPerAccount(), settings.maxConcurrentRequests(),
                settings.claimLimit(), settings.linger().toMillis());
        EmarsysClient client = EmarsysClient.create(
                EmarsysSettings.wsse(sandbox.baseUrlV2(), SandboxOptions.DEFAULT_USER, SandboxOptions.DEFAULT_SECRET),
                Clock.systemUTC(), registry);
        HttpEmarsysGateway gateway = new HttpEmarsysGateway(client, Clock.systemUTC());
        return new DeliveryService(settings, outbox, Map.of(ACCOUNT, gateway), Clock.systemUTC(), registry);
    }

    /** {@code items} contact upserts over {@code distinct} contacts (i mod distinct), committed in chunks. */
    private void enqueueBacklog(int items, int distinct) throws SQLException {
        long t0 = System.nanoTime();
        try (Connection tx = db.dataSource().getConnection()) {
            tx.setAutoCommit(false);
            List<NewOutboxItem> chunk = new ArrayList<>(10_000);
            for (int i = 0; i < items; i++) {
                chunk.add(upsert("user" + (i % distinct) + "@example.com", i, "u" + i));
                if (chunk.size() == 10_000 || i == items - 1) {
                    outbox.enqueue(tx, chunk, Instant.now());
                    chunk.clear();
                    if ((i + 1) % 100_000 == 0 || i == items - 1) tx.commit();
                }
            }
        }
        System.out.printf("enqueued %,d contact upserts (%,d distinct contacts) in %.1f s%n", items, distinct,
                (System.nanoTime() - t0) / 1e9);
    }

    private static NewOutboxItem upsert(String email, int i, String idempotencyKey) {
        var fields = JsonNodeFactory.instance.objectNode().put("1", "First" + i).put("2", "Last" + i).put("31", 1);
        return NewOutboxItem.upsert(ACCOUNT, "3", email, fields, idempotencyKey, null);
    }

    private void close() {
        if (sandbox != null) sandbox.close();
        if (db != null) db.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e);
        }
    }

    // ---- figures ----

    private void printItemsPerRequest() {
        DistributionSummary s = registry.find("emarsys.delivery.request.items").tag("op", "CONTACT_UPSERT").summary();
        if (s == null || s.count() == 0) {
            System.out.println("no upsert requests");
            return;
        }
        System.out.printf("items per upsert request: mean %.1f, max %.0f over %,d requests%n", s.mean(), s.max(), s.count());
        registry.find("emarsys.delivery.requests").counters().forEach(c -> System.out.printf("  requests %s = %,.0f%n",
                c.getId().getTag("outcome"), c.count()));
    }

    private static void printPercentiles(String what, long[] micros) {
        if (micros.length == 0) return;
        long[] s = micros.clone();
        Arrays.sort(s);
        System.out.printf("%s: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)%n", what,
                pct(s, 50) / 1000.0, pct(s, 90) / 1000.0, pct(s, 99) / 1000.0, s[s.length - 1] / 1000.0, s.length);
    }

    private static long pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private int intOpt(String name, int dflt) {
        String v = opts.get(name);
        return v == null ? dflt : Integer.parseInt(v.replace("_", "").replace(",", ""));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "n/a";
        }
    }
}
