package io.emarsysdest.server;

import io.emarsysdest.core.ingest.IngestLimits;
import io.emarsysdest.core.ingest.IngestParser;
import io.emarsysdest.server.api.AdminAuth;
import io.emarsysdest.server.api.FailedAuthThrottle;
import io.emarsysdest.core.datamap.AudienceSettings;
import io.emarsysdest.core.datamap.DataMapSet;
import io.emarsysdest.core.datamap.FieldCatalog;
import io.emarsysdest.core.datamap.StandardFields;
import io.emarsysdest.core.identity.IdentitySettings;
import io.emarsysdest.core.rules.RuleEngine;
import io.emarsysdest.core.rules.RuleLimits;
import io.emarsysdest.core.rules.RuleParser;
import io.emarsysdest.core.rules.RuleSet;
import io.emarsysdest.server.api.DataMapApi;
import io.emarsysdest.server.api.DeadLetterApi;
import io.emarsysdest.server.api.ProcessingFailuresApi;
import io.emarsysdest.server.api.SettingsApi;
import io.emarsysdest.server.api.PersonsApi;
import io.emarsysdest.server.api.RulesApi;
import io.emarsysdest.server.datamap.CachedFieldCatalog;
import io.emarsysdest.server.datamap.DataMapService;
import io.emarsysdest.server.datamap.FieldCatalogRefresher;
import io.emarsysdest.server.api.FieldCatalogApi;
import io.emarsysdest.server.delivery.KeyChangeGateway;
import io.emarsysdest.server.delivery.NameResolvingGateway;
import io.emarsysdest.server.processing.PrivacyOutbox;
import io.emarsysdest.server.processing.ProcessingPipeline;
import io.emarsysdest.server.processing.Wiring;
import io.emarsysdest.server.rules.TimerService;
import io.emarsysdest.server.rules.TimerServiceConfig;
import io.emarsysdest.store.datamap.JdbcDataMapTransactions;
import io.emarsysdest.store.identity.PersonDeletion;
import io.emarsysdest.store.processing.PersonErasers;
import io.emarsysdest.store.identity.UsersTable;
import io.emarsysdest.store.rules.RuleImport;
import java.util.concurrent.atomic.AtomicReference;
import io.emarsysdest.server.api.HealthRoutes;
import io.emarsysdest.server.delivery.DeliveryService;
import io.emarsysdest.server.delivery.EmarsysConnection;
import io.emarsysdest.server.processing.WakeDelivery;
import io.emarsysdest.store.outbox.JdbcOutboxRepository;
import io.emarsysdest.server.api.IngestAdminRoutes;
import io.emarsysdest.server.api.UnknownApiRoutes;
import io.emarsysdest.server.config.ApiKeys;
import io.emarsysdest.server.config.Config;
import io.emarsysdest.server.config.ConfigSchema;
import io.emarsysdest.server.config.StartupChecks;
import io.emarsysdest.server.delivery.DeliverySettings;
import io.emarsysdest.server.http.ApiError;
import io.emarsysdest.server.http.Json;
import io.emarsysdest.server.ingest.Authenticator;
import io.emarsysdest.server.ingest.IngestRoutes;
import io.emarsysdest.server.processing.EventPipeline;
import io.emarsysdest.server.processing.EventProcessor;
import io.emarsysdest.store.StateDatabase;
import io.emarsysdest.store.eventlog.SqliteEventLog;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * The running service: wires the event log, the state database, the processor and the HTTP routes, and stops them
 * in the safe order (stop taking requests, finish the current batch, flush the log).
 */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);

    private final Config config;
    private final InstantSource clock;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private SqliteEventLog eventLog;
    private StateDatabase state;
    private EventProcessor processor;
    private EmarsysConnection emarsys;
    private JdbcOutboxRepository outbox;
    private DeliveryService delivery;
    private DataMapService dataMaps;
    private CachedFieldCatalog fieldCatalog;
    private FieldCatalogRefresher fieldCatalogRefresher;
    private ProcessingPipeline pipeline;
    private TimerService timerService;
    private PersonsApi personsApi;
    private RulesApi rulesApi;
    private Javalin http;
    private String apiKey;
    private Thread maintenance;
    private final io.emarsysdest.server.schema.TrafficCatalogue traffic = new io.emarsysdest.server.schema.TrafficCatalogue();
    private final io.emarsysdest.server.debugger.EventTraces eventTraces = new io.emarsysdest.server.debugger.EventTraces(io.emarsysdest.server.debugger.EventTraces.DEFAULT_CAPACITY);
    private final io.emarsysdest.server.debugger.RequestTraces requestTraces = new io.emarsysdest.server.debugger.RequestTraces(
            io.emarsysdest.server.debugger.RequestTraces.DEFAULT_CAPACITY, io.emarsysdest.server.debugger.RequestTraces.DEFAULT_MAX_BYTES);
    private io.emarsysdest.server.debugger.OverviewHistory overviewHistory;

    private App(Config config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
    }

    public static App start(Config config, InstantSource clock) {
        App app = new App(config, clock);
        try {
            app.startAll();
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    private void startAll() {
        // Every stage's configuration problems are collected and reported together, before anything is opened.
        StartupChecks startup = new StartupChecks(config.problems());
        emarsys = startup.stage("emarsys", () -> EmarsysConnection.open(config, clock, registry), null);
        DeliverySettings deliverySettings = startup.stage("delivery", () -> EmarsysConnection.deliverySettings(config).validated(), null);
        AudienceSettings audiences = startup.stage("audiences", () -> AudienceSettings.fromJson(config.dataSection("audiences").orElse(null)), AudienceSettings.DEFAULT);
        if (emarsys != null) fieldCatalog = new CachedFieldCatalog(Wiring.fieldCatalog(emarsys.client()), clock, StandardFields.fallbackCatalog(), registry);
        // The key field against the account and the built-in map; stored maps are checked again once they are loaded.
        FieldCatalog catalogAtStart = fieldCatalog != null ? fieldCatalog.get() : StandardFields.fallbackCatalog();
        boolean catalogIsFallback = fieldCatalog == null || CachedFieldCatalog.FALLBACK.equals(fieldCatalog.status().source());
        startup.stage("identity", () -> Wiring.identitySettings(config, catalogAtStart, catalogIsFallback,
                DataMapSet.assemble(List.of(), catalogAtStart, null, config.string("identity.keyField"))), IdentitySettings.DEFAULTS);
        startup.stage("dataMaps", () -> config.dataSection("dataMaps").ifPresent(maps -> Wiring.checkDataMaps(maps,
                catalogAtStart, config.string("identity.keyField"))));
        RuleParser ruleParser = new RuleParser();
        startup.stage("", () -> config.dataSection("rules").map(App::rulesBody).ifPresent(new RuleImport(ruleParser)::validated));
        startup.failIfAny();

        Path dataDir = ConfigSchema.dataDir(config);
        io.emarsysdest.store.PrivateFiles.folder(dataDir); // 700: it holds e-mail addresses and traits
        ApiKeys.Resolved key = ApiKeys.resolve(config.string("server.apiKey"), dataDir);
        apiKey = key.key();
        if (key.generated()) {
            System.out.println("Generated an API key for this destination (stored in " + key.file() + "):");
            System.out.println("  " + apiKey);
            System.out.println("Point Segment clients at this service with it as their write key.");
        }
        ApiKeys.Resolved admin = ApiKeys.resolveAdmin(config.string("server.adminKey"), dataDir, apiKey);
        if (admin.generated()) {
            System.out.println("Generated the admin key for the console and /api (stored in " + admin.file() + "):");
            System.out.println("  " + admin.key());
            System.out.println("Sign in to the console with it; scripts send it as Authorization: Bearer <admin key>.");
        }

        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);

        eventLog = SqliteEventLog.open(dataDir.resolve("events.db"), config.integer("ingest.maxQueuedEvents"));
        io.micrometer.core.instrument.Gauge.builder("event_log_head_offset", eventLog, SqliteEventLog::headOffset)
                .description("Offset of the newest event in the durable log").register(registry);
        io.micrometer.core.instrument.Gauge.builder("event_log_unindexed_events", eventLog, SqliteEventLog::unindexedEvents)
                .description("Events not yet in the log's background index (appends answer 429 above 1,000,000)").register(registry);
        String stateUrl = config.string("state.url");
        state = stateUrl != null ? StateDatabase.openPostgres(stateUrl, 10) : StateDatabase.openSqlite(dataDir.resolve("state.db"));

        outbox = new JdbcOutboxRepository(state.dataSource());
        // the debugger sees delivery's requests on the wire (bodies and replies), per request, never per event
        io.emarsysdest.server.debugger.RequestCapture capture = new io.emarsysdest.server.debugger.RequestCapture();
        emarsys.client().onExchange(capture);
        delivery = new DeliveryService(deliverySettings, outbox,
                Map.of(emarsys.account(), new NameResolvingGateway(new KeyChangeGateway(emarsys.gateway(), emarsys.client()), emarsys.client(), clock)), clock, registry,
                java.util.random.RandomGenerator.getDefault(), io.emarsysdest.server.config.NodeId.of(dataDir),
                new io.emarsysdest.server.debugger.RecordingDeliveryTracer(capture, requestTraces));
        emarsys.client().onRateLimit(r -> delivery.rateLimitReported(emarsys.account(), r.limit(), r.remaining(), r.reset()));
        delivery.start();

        dataMaps = new DataMapService(new JdbcDataMapTransactions(state.dataSource()), fieldCatalog, audiences, clock, registry,
                config.string("identity.keyField"));
        config.dataSection("dataMaps").ifPresent(dataMaps::applyConfig);
        fieldCatalogRefresher = new FieldCatalogRefresher(fieldCatalog, dataMaps, config.duration("emarsys.fieldCatalogRefresh")).start();
        IdentitySettings identity = Wiring.identitySettings(config, fieldCatalog.get(),
                CachedFieldCatalog.FALLBACK.equals(fieldCatalog.status().source()), dataMaps.current());
        UsersTable usersTable = new UsersTable(identity, registry);

        RuleEngine ruleEngine = new RuleEngine(RuleLimits.DEFAULT, false);
        AtomicReference<RuleSet> rules = new AtomicReference<>();
        RulesApi rulesApi = new RulesApi(state.dataSource(), ruleParser, ruleEngine, clock, rules::set);
        loadRules(ruleParser, rulesApi);

        TimerService[] timers = new TimerService[1];
        pipeline = new ProcessingPipeline(usersTable, dataMaps, ruleEngine, rules, outbox, emarsys.account(), clock,
                due -> timers[0].wake(due), registry, config.bool("delivery.sendUnchanged"), eventTraces);
        EventPipeline processing = EventPipeline.of(List.of(pipeline, new io.emarsysdest.server.schema.RecordTraffic(traffic), new WakeDelivery(delivery)));
        processor = new EventProcessor(eventLog, state.dataSource(), processing,
                config.integer("processing.batchSize"), config.duration("processing.linger"), clock, registry).start();
        timers[0] = new TimerService(state.dataSource(),
                due -> processor.submit(tx -> pipeline.fireTimers(tx, due)).get(60, java.util.concurrent.TimeUnit.SECONDS),
                clock, TimerServiceConfig.DEFAULT, registry);
        timerService = timers[0];
        try {
            timerService.start();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot start the rule timers: " + e.getMessage(), e);
        }
        PersonDeletion.Writer onProcessorThread = new PersonDeletion.Writer() {
            @Override
            public <T> T inTransaction(PersonDeletion.Work<T> work) throws Exception {
                AtomicReference<T> result = new AtomicReference<>();
                processor.submit(tx -> result.set(work.run(tx))).get(60, java.util.concurrent.TimeUnit.SECONDS);
                return result.get();
            }
        };
        PersonDeletion deletion = new PersonDeletion(state.dataSource(), Wiring.history(eventLog),
                PrivacyOutbox.deletions(outbox, emarsys.account(), clock), usersTable,
                List.of(PersonErasers.processingData(), PersonErasers.processingFailures(), PrivacyOutbox.eraser(outbox, clock, EmarsysConnection.deliverySettings(config).lease()),
                        new io.emarsysdest.server.debugger.TraceEraser(eventTraces, requestTraces)),
                onProcessorThread, dataMaps.current().keyField());
        personsApi = new PersonsApi(state.dataSource(), identity, Wiring.history(eventLog), deletion, Json.MAPPER);
        this.rulesApi = rulesApi;

        IngestLimits limits = new IngestLimits(config.integer("ingest.maxEventBytes"), config.integer("ingest.maxRequestBytes"),
                IngestLimits.SEGMENT.maxBatchEvents(), IngestLimits.SEGMENT.maxMessageIdChars());
        IngestParser parser = new IngestParser(limits, () -> "srv-" + UUID.randomUUID());
        Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
        checks.put("eventLog", eventLog::isHealthy);
        checks.put("stateDatabase", state::isHealthy);
        checks.put("processor", processor::isHealthy);

        Duration grace = config.duration("server.shutdownGrace");
        http = Javalin.create(cfg -> {
            cfg.useVirtualThreads = true;
            cfg.showJavalinBanner = false;
            cfg.router.ignoreTrailingSlashes = true;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, true));
            cfg.jetty.modifyServer(server -> {
                server.setStopTimeout(grace.toMillis());
                server.setErrorHandler(new io.emarsysdest.server.http.JsonErrorHandler()); // Jetty's own errors as JSON
            });
            // run the route as soon as the headers are in, so a body refused for its declared size is refused at once
            cfg.jetty.modifyHttpConfiguration(httpConfig -> httpConfig.setDelayDispatchUntilContent(false));
            // the configuration console: static files (no data in them, so no key), docs/console.md
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/console";
                files.directory = "/console";
                files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
                files.headers = io.emarsysdest.server.http.SecurityHeaders.ALL;
            });
            io.emarsysdest.server.http.ConsoleVendorFiles.add(cfg);
        });
        http.get("/", ctx -> ctx.redirect("/console/"));
        new IngestRoutes(eventLog, parser, new Authenticator(apiKey), clock, limits.maxRequestBytes(), registry).register(http);
        io.emarsysdest.server.http.SecurityHeaders.register(http);
        new AdminAuth(new Authenticator(admin.key()), new Authenticator(apiKey),
                new FailedAuthThrottle(clock, AdminAuth.MAX_FAILURES, AdminAuth.FAILURE_WINDOW)).register(http);
        new HealthRoutes(checks, this::readinessDetails).register(http);
        new IngestAdminRoutes(eventLog).register(http);
        new DeadLetterApi(outbox, delivery, clock, emarsys.sandbox() == null ? null : emarsys.sandbox().baseUrl()).register(http);
        new SettingsApi(config).register(http);
        new ProcessingFailuresApi(state.dataSource(), eventLog, processor, processing, clock).register(http);
        new io.emarsysdest.server.api.RefusedKeysApi(state.dataSource()).register(http);
        personsApi.register(http);
        new DataMapApi(dataMaps, () -> emarsys.client().listContactLists().stream().map(io.emarsysdest.emarsys.ContactList::id)
                .collect(java.util.stream.Collectors.toSet())).register(http);
        new FieldCatalogApi(fieldCatalog::status, fieldCatalogRefresher).register(http);
        rulesApi.register(http);
        new io.emarsysdest.server.history.ChangeHistory(state.dataSource(), dataMaps, rulesApi, clock).register(http); // who changed what
        new io.emarsysdest.server.schema.SchemaApi(traffic).register(http);   // pickers: what traffic and the account hold
        new io.emarsysdest.server.schema.EmarsysAccountApi(
                new io.emarsysdest.server.schema.AccountDirectory<>(() -> emarsys.client().listContactLists(), clock),
                new io.emarsysdest.server.schema.AccountDirectory<>(() -> emarsys.client().listEvents(), clock)).register(http);
        registerDebugger();
        new UnknownApiRoutes().register(http);   // last: only what no route above matched
        http.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
        http.exception(Exception.class, (e, ctx) -> {
            log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
            ctx.status(500).json(ApiError.of("internal_error", "unexpected error: " + e.getMessage()));
        });
        io.emarsysdest.server.http.HttpErrors.register(http);
        http.error(404, ctx -> {
            if (ctx.result() == null) ctx.json(ApiError.of("not_found", "no route " + ctx.method() + " " + ctx.path()));
        });
        http.start(config.integer("server.port"));
        maintenance = Thread.ofVirtual().name("maintenance").start(this::maintain);
        log.info("emarsys-destination started {} {} {} {}", kv("port", port()), kv("dataDir", dataDir), kv("apiKeySource", key.source()), kv("adminKeySource", admin.source()));
    }

    /** The live debugger, a person's activity and the overview's history (docs/console.md). */
    private void registerDebugger() {
        io.emarsysdest.server.debugger.TraceJson view = new io.emarsysdest.server.debugger.TraceJson(Json.MAPPER, fieldCatalog, requestTraces);
        new io.emarsysdest.server.api.DebuggerApi(eventTraces, view, eventLog::at, Json.MAPPER).register(http);
        new io.emarsysdest.server.api.PersonActivityApi(state.dataSource(), eventTraces, requestTraces, view, Json.MAPPER).register(http);
        overviewHistory = new io.emarsysdest.server.debugger.OverviewHistory(this::overviewReading, clock, Duration.ofSeconds(5), Duration.ofHours(1)).start();
        new io.emarsysdest.server.api.OverviewHistoryApi(overviewHistory).register(http);
    }

    private io.emarsysdest.server.debugger.OverviewHistory.Reading overviewReading() {
        io.emarsysdest.server.delivery.DeliveryStatus s = delivery.status();
        long head = eventLog.headOffset();
        return new io.emarsysdest.server.debugger.OverviewHistory.Reading(head, Math.max(0, head - processor.cursor()),
                s.queueDepth(), s.deadLetters(), s.requestTotals(), s.busiestBudgetUsePercent());
    }

    /** Rules of the config file are imported as published versions (unchanged ones create no new version). */
    private void loadRules(RuleParser parser, RulesApi api) {
        try {
            config.dataSection("rules").map(App::rulesBody).ifPresent(json -> {
                try (java.sql.Connection tx = state.dataSource().getConnection()) {
                    tx.setAutoCommit(false);
                    new RuleImport(parser).importAll(tx, json, clock.instant());
                    tx.commit();
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException("cannot import the rules of the config file: " + e.getMessage(), e);
                }
            });
            api.reload();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot load the rules: " + e.getMessage(), e);
        }
    }

    /** The config file may list rules directly or as {@code {"rules": [...]}}, like the export. */
    private static com.fasterxml.jackson.databind.JsonNode rulesBody(com.fasterxml.jackson.databind.JsonNode section) {
        if (!section.isArray()) return section;
        com.fasterxml.jackson.databind.node.ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("rules", section);
        return body;
    }

    public DataMapService dataMaps() {
        return dataMaps;
    }

    private Map<String, Object> readinessDetails() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("logHead", eventLog.headOffset());
        d.put("processed", processor.cursor());
        d.put("lagEvents", Math.max(0, eventLog.headOffset() - processor.cursor()));
        // informational: a fallback or partial catalog does not stop traffic, but choice values are left out
        return Map.of("processing", d, "fieldCatalog", FieldCatalogApi.summary(fieldCatalog.status()));
    }

    /** Periodic housekeeping: drop processed events older than the retention (= de-duplication window). */
    private void maintain() {
        Duration window = config.duration("ingest.dedupWindow");
        while (!Thread.currentThread().isInterrupted()) {
            try {
                int pruned = eventLog.pruneBefore(clock.instant().minus(window), processor.cursor());
                if (pruned > 0) log.info("pruned {} processed events older than the retention of {}", pruned, window);
                Thread.sleep(Duration.ofMinutes(10));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("housekeeping failed: {}", e.getMessage());
            }
        }
    }

    public int port() {
        return http.port();
    }

    public String apiKey() {
        return apiKey;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public SqliteEventLog eventLog() {
        return eventLog;
    }

    public StateDatabase state() {
        return state;
    }

    public EmarsysConnection emarsys() {
        return emarsys;
    }

    public DeliveryService delivery() {
        return delivery;
    }

    public JdbcOutboxRepository outbox() {
        return outbox;
    }

    public EventProcessor processor() {
        return processor;
    }

    /** Stops taking requests, lets the current batch finish, writes what the log has queued, closes the files. */
    @Override
    public void close() {
        if (http != null) http.stop();
        if (maintenance != null) maintenance.interrupt();
        if (overviewHistory != null) overviewHistory.close();
        if (fieldCatalogRefresher != null) fieldCatalogRefresher.close();
        if (timerService != null) timerService.close();
        if (processor != null) processor.close();
        if (delivery != null) delivery.stop();
        if (emarsys != null) emarsys.close();
        if (eventLog != null) eventLog.close();
        if (state != null) state.close();
        log.info("emarsys-destination stopped");
    }
}
