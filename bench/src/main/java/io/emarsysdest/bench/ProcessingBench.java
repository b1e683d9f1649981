package io.emarsysdest.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emarsysdest.core.datamap.AudienceSettings;
import io.emarsysdest.core.datamap.StandardFields;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.identity.IdentitySettings;
import io.emarsysdest.core.ingest.Endpoint;
import io.emarsysdest.core.ingest.IngestLimits;
import io.emarsysdest.core.ingest.IngestParser;
import io.emarsysdest.core.rules.RuleEngine;
import io.emarsysdest.core.rules.RuleLimits;
import io.emarsysdest.core.rules.RuleParser;
import io.emarsysdest.core.rules.RuleSet;
import io.emarsysdest.server.api.RulesApi;
import io.emarsysdest.server.datamap.DataMapService;
import io.emarsysdest.server.processing.EventPipeline;
import io.emarsysdest.server.processing.EventProcessor;
import io.emarsysdest.server.processing.ProcessingPipeline;
import io.emarsysdest.store.StateDatabase;
import io.emarsysdest.store.datamap.JdbcDataMapTransactions;
import io.emarsysdest.store.eventlog.SqliteEventLog;
import io.emarsysdest.store.identity.UsersTable;
import io.emarsysdest.store.outbox.JdbcOutboxRepository;
import io.emarsysdest.store.rules.RuleImport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * CPU cost of the event processor per event, in process and without HTTP: fills a fresh event log with the load
 * generator's traffic (parsed by the ingest parser, so the events are those of production), then runs the real
 * processing (users table, default data map, rules, outbox) against a fresh SQLite state database, wired as
 * {@code App} does, and reports the processor thread's CPU time per event once it has caught up.
 *
 * <pre>
 * ./mvnw -q -B -pl bench -am package -DskipTests
 * java -Xmx512m -cp bench/target/bench.jar io.emarsysdest.bench.ProcessingBench [events=500000] [rules=0|10] [batchSize=5000] [sendUnchanged=false] [traffic=mixed|newPersons]
 * </pre>
 * {@code newPersons} is the first sync of an audience: every event an identify of a person never seen before (e-mail,
 * first and last name).
 * The first fifth of the events is warm-up (JIT); "steady" covers the rest.
 */
public final class ProcessingBench {
    private static final int USERS = 10_000;

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int ruleCount = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        int batchSize = args.length > 2 ? Integer.parseInt(args[2]) : 5000; // the service's default processing.batchSize
        boolean sendUnchanged = args.length > 3 && Boolean.parseBoolean(args[3]); // the service's delivery.sendUnchanged
        boolean newPersons = args.length > 4 && args[4].equals("newPersons");
        Path dir = Files.createTempDirectory("processing-bench");
        System.out.printf("machine: %d cores, %s %s, max heap %d MB%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("events: %,d %s, rules: %d, processor batch: %d%n", total,
                newPersons ? "identifies of new persons" : "over " + USERS + " users", ruleCount, batchSize);
        try (SqliteEventLog log = SqliteEventLog.open(dir.resolve("events.db"), 1_000_000);
             StateDatabase state = StateDatabase.openSqlite(dir.resolve("state.db"))) {
            fill(log, total, newPersons);
            run(log, state, ruleCount, batchSize, total, sendUnchanged);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The load generator's mix (identify 10 %, track 60 %, page 20 %, screen 10 %) in 100-event batches, as ingest appends them. */
    private static void fill(SqliteEventLog log, int total, boolean newPersons) {
        IngestParser parser = new IngestParser(IngestLimits.SEGMENT, () -> "srv-" + UUID.randomUUID());
        EventFactory factory = new EventFactory(USERS, 10, 60, 20, 10, "pb-" + UUID.randomUUID());
        SplittableRandom random = new SplittableRandom(7);
        long start = System.nanoTime();
        List<CompletableFuture<?>> appends = new ArrayList<>();
        for (int b = 0; b < total / 100; b++) {
            Instant now = Instant.now();
            StringBuilder sb = new StringBuilder("{\"batch\":[");
            for (int i = 0; i < 100; i++) {
                if (i > 0) sb.append(',');
                if (newPersons) appendNewPerson(sb, b * 100 + i, now);
                else factory.append(sb, random, now);
            }
            List<Event> events = parser.parse(sb.append("]}").toString().getBytes(StandardCharsets.UTF_8), Endpoint.BATCH, now).accepted();
            appends.add(log.append(events));
            if (appends.size() >= 200) {
                CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).join();
                appends.clear();
            }
        }
        CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).join();
        System.out.printf("log filled: %,d events in %.1f s%n", log.headOffset(), (System.nanoTime() - start) / 1e9);
    }

    private static void appendNewPerson(StringBuilder sb, int p, Instant now) {
        sb.append("{\"type\":\"identify\",\"messageId\":\"np-").append(p).append("\",\"userId\":\"np-").append(p)
                .append("\",\"timestamp\":\"").append(now).append("\",\"traits\":{\"email\":\"np-").append(p)
                .append("@example.com\",\"firstName\":\"First").append(p).append("\",\"lastName\":\"Last").append(p).append("\"}}");
    }

    private static void run(SqliteEventLog log, StateDatabase state, int ruleCount, int batchSize, int total, boolean sendUnchanged) throws Exception {
        InstantSource clock = InstantSource.system();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // as App does, with the default configuration and no Emarsys connection (deliveries are not needed: the outbox fills)
        UsersTable users = new UsersTable(IdentitySettings.DEFAULTS, registry);
        DataMapService dataMaps = new DataMapService(new JdbcDataMapTransactions(state.dataSource()), StandardFields::catalog,
                AudienceSettings.fromJson(null), clock, registry);
        RuleParser ruleParser = new RuleParser();
        RuleEngine engine = new RuleEngine(RuleLimits.DEFAULT, false);
        AtomicReference<RuleSet> rules = new AtomicReference<>();
        RulesApi rulesApi = new RulesApi(state.dataSource(), ruleParser, engine, clock, rules::set);
        if (ruleCount > 0) {
            try (Connection tx = state.dataSource().getConnection()) {
                tx.setAutoCommit(false);
                new RuleImport(ruleParser).importAll(tx, new ObjectMapper().readTree(rulesJson(ruleCount)), clock.instant());
                tx.commit();
            }
        }
        rulesApi.reload();
        JdbcOutboxRepository outbox = new JdbcOutboxRepository(state.dataSource());
        ProcessingPipeline pipeline = new ProcessingPipeline(users, dataMaps, engine, rules, outbox, "bench", clock, due -> {
        }, registry, sendUnchanged);

        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long head = log.headOffset();
        long warmUpAt = head / 5;
        long start = System.nanoTime();
        EventProcessor processor = new EventProcessor(log, state.dataSource(), EventPipeline.of(List.of(pipeline,
                new io.emarsysdest.server.schema.RecordTraffic(new io.emarsysdest.server.schema.TrafficCatalogue()))), batchSize, clock, registry).start();
        try {
            long tid = processorThreadId();
            long warmCursor = -1, warmCpu = 0, warmNanos = 0;
            while (processor.cursor() < head) {
                Thread.sleep(20);
                long c = processor.cursor();
                if (warmCursor < 0 && c >= warmUpAt) {
                    warmCursor = c;
                    warmCpu = mx.getThreadCpuTime(tid);
                    warmNanos = System.nanoTime();
                }
            }
            long cpu = mx.getThreadCpuTime(tid);
            long end = System.nanoTime();
            System.out.printf("all:    %,d events in %.2f s = %,.0f events/s, processor CPU %.2f µs/event%n",
                    head, (end - start) / 1e9, head / ((end - start) / 1e9), cpu / 1000.0 / head);
            long n = head - warmCursor;
            System.out.printf("steady: %,d events in %.2f s = %,.0f events/s, processor CPU %.2f µs/event (%.0f %% of a core)%n",
                    n, (end - warmNanos) / 1e9, n / ((end - warmNanos) / 1e9), (cpu - warmCpu) / 1000.0 / n,
                    100.0 * (cpu - warmCpu) / (end - warmNanos));
            try (Connection c = state.dataSource().getConnection(); var s = c.createStatement();
                 var rs = s.executeQuery("SELECT (SELECT count(*) FROM person), (SELECT count(*) FROM identity), (SELECT count(*) FROM outbox)")) {
                rs.next();
                System.out.printf("state: %,d persons, %,d identifiers, %,d outbox items%n", rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        } finally {
            processor.close();
        }
    }

    private static long processorThreadId() throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            for (Thread t : Thread.getAllStackTraces().keySet()) if (t.getName().equals("event-processor")) return t.threadId();
            Thread.sleep(1);
        }
        throw new IllegalStateException("no event-processor thread");
    }

    /** Rules a shop would run on this traffic (browse and cart abandonment, follow-ups, repeat views, welcome). */
    static String rulesJson(int count) {
        String[] all = {
                "{\"id\":\"abandoned-browse\",\"entry\":{\"event\":{\"type\":\"track\",\"name\":\"Product Viewed\",\"where\":[{\"path\":\"properties.price\",\"op\":\"gte\",\"value\":150}]},\"correlateBy\":\"properties.product_id\"},"
                        + "\"steps\":[{\"id\":\"no_order\",\"kind\":\"absence\",\"event\":{\"type\":\"track\",\"name\":\"Order Completed\"},\"within\":{\"duration\":\"PT2H\",\"from\":\"entry\"}}],"
                        + "\"reentry\":{\"mode\":\"afterExit\",\"cooldown\":\"P1D\",\"maxActive\":3},"
                        + "\"action\":{\"externalEvent\":\"abandoned_browse\",\"data\":{\"global\":{\"product\":\"{{entry.properties.name}}\",\"sku\":\"{{instance.key}}\"}}}}",
                "{\"id\":\"order-thanks\",\"entry\":{\"event\":{\"type\":\"track\",\"name\":\"Order Completed\",\"where\":[{\"path\":\"properties.revenue\",\"op\":\"gte\",\"value\":250}]}},"
                        + "\"reentry\":{\"mode\":\"always\"},"
                        + "\"action\":{\"externalEventId\":1001,\"data\":{\"global\":{\"order\":\"{{entry.properties.order_id}}\",\"revenue\":\"{{entry.properties.revenue}}\"}}}}",
                "{\"id\":\"repeat-viewer\",\"entry\":{\"event\":{\"type\":\"track\",\"name\":\"Product Viewed\"}},"
                        + "\"steps\":[{\"id\":\"views\",\"kind\":\"count\",\"min\":5,\"event\":{\"type\":\"track\",\"name\":\"Product Viewed\"},\"within\":{\"duration\":\"P1D\"}}],"
                        + "\"exitWhen\":[{\"type\":\"track\",\"name\":\"Order Completed\"}],"
                        + "\"reentry\":{\"mode\":\"afterExit\",\"cooldown\":\"P7D\",\"maxActive\":1},"
                        + "\"action\":{\"externalEventId\":1002,\"data\":{\"global\":{\"first\":\"{{entry.properties.name}}\"}}}}",
                "{\"id\":\"cart-abandon\",\"entry\":{\"event\":{\"type\":\"page\",\"name\":\"/cart\"}},"
                        + "\"steps\":[{\"id\":\"no_checkout\",\"kind\":\"absence\",\"event\":{\"type\":\"page\",\"name\":\"/checkout\"},\"within\":{\"duration\":\"PT1H\"}}],"
                        + "\"reentry\":{\"mode\":\"afterExit\",\"cooldown\":\"P1D\",\"maxActive\":1},"
                        + "\"action\":{\"externalEvent\":\"cart_abandoned\",\"data\":{\"global\":{\"url\":\"{{entry.properties.url}}\"}}}}",
                "{\"id\":\"pricing-interest\",\"entry\":{\"event\":{\"type\":\"page\",\"name\":\"/pricing\"}},"
                        + "\"person\":{\"traits\":[{\"path\":\"plan\",\"op\":\"eq\",\"value\":\"free\"}]},"
                        + "\"reentry\":{\"mode\":\"once\"},"
                        + "\"action\":{\"externalEventId\":1003,\"data\":{\"global\":{\"name\":\"{{person.traits.firstName}}\"}}}}",
                "{\"id\":\"welcome-pro\",\"entry\":{\"event\":{\"type\":\"identify\",\"where\":[{\"path\":\"traits.plan\",\"op\":\"eq\",\"value\":\"pro\"}]}},"
                        + "\"reentry\":{\"mode\":\"once\"},"
                        + "\"action\":{\"externalEvent\":\"welcome_pro\",\"data\":{\"global\":{\"last\":\"{{person.traits.lastName}}\"}}}}",
                "{\"id\":\"app-checkout-drop\",\"entry\":{\"event\":{\"type\":\"screen\",\"name\":\"Checkout\"}},"
                        + "\"steps\":[{\"id\":\"no_order\",\"kind\":\"absence\",\"event\":{\"type\":\"track\",\"name\":\"Order Completed\"},\"within\":{\"duration\":\"PT30M\"}}],"
                        + "\"reentry\":{\"mode\":\"afterExit\",\"maxActive\":1},"
                        + "\"action\":{\"externalEventId\":1004,\"data\":{}}}",
                "{\"id\":\"vip-order\",\"entry\":{\"event\":{\"type\":\"track\",\"name\":\"Order Completed\"}},"
                        + "\"person\":{\"inAudiences\":[\"vip_customers\"]},"
                        + "\"reentry\":{\"mode\":\"always\"},"
                        + "\"action\":{\"externalEventId\":1005,\"data\":{\"global\":{\"revenue\":\"{{entry.properties.revenue}}\"}}}}",
                "{\"id\":\"view-then-cart\",\"entry\":{\"event\":{\"type\":\"track\",\"name\":\"Product Viewed\",\"where\":[{\"path\":\"properties.name\",\"op\":\"eq\",\"value\":\"Rain Jacket\"}]}},"
                        + "\"steps\":[{\"id\":\"cart\",\"kind\":\"event\",\"event\":{\"type\":\"page\",\"name\":\"/cart\"},\"within\":{\"duration\":\"PT30M\"}}],"
                        + "\"reentry\":{\"mode\":\"afterExit\",\"maxActive\":1},"
                        + "\"action\":{\"externalEventId\":1006,\"data\":{\"global\":{\"product\":\"{{entry.properties.name}}\"}}}}",
                "{\"id\":\"second-order\",\"entry\":{\"event\":{\"type\":\"track\",\"name\":\"Order Completed\"}},"
                        + "\"steps\":[{\"id\":\"again\",\"kind\":\"event\",\"event\":{\"type\":\"track\",\"name\":\"Order Completed\"},\"within\":{\"duration\":\"P30D\"}}],"
                        + "\"reentry\":{\"mode\":\"afterExit\",\"maxActive\":1},"
                        + "\"action\":{\"externalEvent\":\"second_order\",\"data\":{\"global\":{\"order\":\"{{steps.again.properties.order_id}}\"}}}}",
        };
        StringBuilder sb = new StringBuilder("{\"rules\":[");
        for (int i = 0; i < count; i++) {
            String rule = all[i % all.length];
            if (i >= all.length) rule = rule.replaceFirst("\"id\":\"([^\"]+)\"", "\"id\":\"$1-" + i + "\"");
            sb.append(i > 0 ? "," : "").append(rule);
        }
        return sb.append("]}").toString();
    }
}
