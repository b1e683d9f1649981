package io.emarsysdest.server.processing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.datamap.AudienceSettings;
import io.emarsysdest.core.datamap.StandardFields;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.identity.IdentitySettings;
import io.emarsysdest.core.rules.RuleEngine;
import io.emarsysdest.core.rules.RuleLimits;
import io.emarsysdest.core.rules.RuleParser;
import io.emarsysdest.core.rules.RuleSet;
import io.emarsysdest.server.datamap.DataMapService;
import io.emarsysdest.store.StateDatabase;
import io.emarsysdest.store.datamap.JdbcDataMapTransactions;
import io.emarsysdest.store.identity.UsersTable;
import io.emarsysdest.store.outbox.JdbcOutboxRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The processing pipeline over a real SQLite state database: outbox items per batch, and what it keeps between batches. */
class ProcessingPipelineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final String BROWSE = """
            {"id":"abandoned-browse","entry":{"event":{"type":"track","name":"Product Viewed"},"correlateBy":"properties.sku"},
             "steps":[{"id":"no_order","kind":"absence","event":{"type":"track","name":"Order Completed"},"within":{"duration":"PT1H"}}],
             "action":{"externalEventId":7,"data":{}}}""";

    @TempDir
    Path dir;
    private StateDatabase state;
    private final AtomicReference<RuleSet> rules = new AtomicReference<>(RuleSet.EMPTY);
    private ProcessingPipeline pipeline;
    private long offset;

    @BeforeEach
    void open() {
        state = StateDatabase.openSqlite(dir.resolve("state.db"));
        pipeline = pipeline(false);
    }

    private ProcessingPipeline pipeline(boolean sendUnchanged) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InstantSource clock = InstantSource.fixed(T0);
        DataMapService dataMaps = new DataMapService(new JdbcDataMapTransactions(state.dataSource()), StandardFields::catalog,
                AudienceSettings.fromJson(null), clock, registry);
        return new ProcessingPipeline(new UsersTable(IdentitySettings.DEFAULTS, registry), dataMaps,
                new RuleEngine(RuleLimits.DEFAULT, false), rules, new JdbcOutboxRepository(state.dataSource()), "acc", clock,
                due -> {
                }, registry, sendUnchanged);
    }

    @AfterEach
    void close() {
        state.close();
    }

    private Event event(EventType type, String json) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(json);
        body.put("type", type.wireName());
        long o = ++offset;
        String id = "m" + o;
        body.put("messageId", id);
        Instant at = T0.plusSeconds(o);
        return new Event(o, id, type, body.path("userId").textValue(), body.path("anonymousId").textValue(), at, at, null, at, body);
    }

    private void batch(List<Event> events) throws Exception {
        try (Connection tx = state.dataSource().getConnection()) {
            tx.setAutoCommit(false);
            pipeline.apply(tx, events);
            tx.commit();
            tx.setAutoCommit(true);
        }
        pipeline.afterCommit();
    }

    private List<String> outbox(String columns) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = state.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + columns + " FROM outbox ORDER BY id")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    @Test
    void personsWhoGetOnlyAKeyAreUpsertedWithTheKeyOnceEachInALargeBatch() throws Exception {
        List<Event> events = new ArrayList<>();
        // more events than a slice, so that persons become contacts in several slices of one batch
        for (int i = 0; i < 300; i++) events.add(event(EventType.PAGE, "{\"anonymousId\":\"a" + i + "\",\"name\":\"/\"}"));
        for (int i = 0; i < 300; i++) {
            events.add(event(EventType.IDENTIFY, "{\"anonymousId\":\"a" + i + "\",\"traits\":{\"email\":\"p" + i + "@x.io\"}}"));
            events.add(event(EventType.IDENTIFY, "{\"anonymousId\":\"a" + i + "\",\"traits\":{\"email\":\"p" + i + "@x.io\"}}"));
        }
        events.add(event(EventType.IDENTIFY, "{\"anonymousId\":\"b\",\"traits\":{\"email\":\"b@x.io\",\"firstName\":\"Bo\"}}"));
        batch(events);

        List<String> keys = outbox("idempotency_key");
        assertThat(keys.stream().filter(k -> k.startsWith("contact_upsert:key:"))).hasSize(300);
        assertThat(outbox("person_key || ' ' || op").stream().filter(k -> k.endsWith("CONTACT_UPSERT")).distinct()).hasSize(301);
        assertThat(outbox("payload").get(keys.size() - 1)).isEqualTo("{\"1\":\"Bo\",\"3\":\"b@x.io\"}");
    }

    @Test
    void anIdentifyThatRepeatsKnownTraitsSendsOnlyWhatChanged() throws Exception {
        String ann = "{\"userId\":\"u1\",\"traits\":{\"email\":\"ann@x.io\",\"firstName\":\"Ann\",\"lastName\":\"Lee\"}}";
        batch(List.of(event(EventType.IDENTIFY, ann), event(EventType.IDENTIFY, ann)));
        batch(List.of(event(EventType.IDENTIFY, ann)));
        assertThat(outbox("payload")).containsExactly("{\"1\":\"Ann\",\"2\":\"Lee\",\"3\":\"ann@x.io\"}");

        batch(List.of(event(EventType.IDENTIFY, ann.replace("Lee", "Park"))));
        assertThat(outbox("payload")).last().isEqualTo("{\"2\":\"Park\",\"3\":\"ann@x.io\"}");
    }

    @Test
    void withSendUnchangedEveryIdentifyIsSentWhole() throws Exception {
        pipeline = pipeline(true);
        String ann = "{\"userId\":\"u1\",\"traits\":{\"email\":\"ann@x.io\",\"firstName\":\"Ann\"}}";
        batch(List.of(event(EventType.IDENTIFY, ann)));
        batch(List.of(event(EventType.IDENTIFY, ann)));
        assertThat(outbox("payload")).containsExactly("{\"1\":\"Ann\",\"3\":\"ann@x.io\"}", "{\"1\":\"Ann\",\"3\":\"ann@x.io\"}");
    }

    @Test
    void aMergedPersonSendsEverythingAgain() throws Exception {
        String ann = "{\"userId\":\"u1\",\"anonymousId\":\"a1\",\"traits\":{\"email\":\"ann@x.io\",\"firstName\":\"Ann\"}}";
        batch(List.of(event(EventType.IDENTIFY, ann)));
        batch(List.of(event(EventType.PAGE, "{\"anonymousId\":\"a2\",\"name\":\"/\"}")));
        // a2 turns out to be Ann: the merge puts in doubt what each side had sent
        batch(List.of(event(EventType.IDENTIFY, "{\"userId\":\"u1\",\"anonymousId\":\"a2\",\"traits\":{\"email\":\"ann@x.io\",\"firstName\":\"Ann\"}}")));
        assertThat(outbox("payload").stream().filter(p -> p != null && p.contains("Ann"))).hasSize(2);
    }

    private void view(String anon, String sku) throws Exception {
        batch(List.of(event(EventType.TRACK, "{\"anonymousId\":\"" + anon + "\",\"event\":\"Product Viewed\",\"properties\":{\"sku\":\"" + sku + "\"}}")));
    }

    private long ruleStates() throws SQLException {
        try (Connection c = state.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM rule_state")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void ruleStatesChangedByAnotherWriterTaskAreReadAgain() throws Exception {
        RuleParser.Parsed parsed = new RuleParser().parse(JSON.readTree(BROWSE));
        assertThat(parsed.problems()).isEmpty();
        rules.set(RuleSet.of(List.of(parsed.rule())));
        view("a1", "s1");
        assertThat(ruleStates()).isEqualTo(1);

        // a task on the processor thread (as a privacy deletion does) erases the state; the pipeline did not run in it
        try (Connection tx = state.dataSource().getConnection(); Statement s = tx.createStatement()) {
            s.executeUpdate("DELETE FROM rule_state");
            s.executeUpdate("DELETE FROM rule_timer");
        }
        pipeline.afterCommit();

        view("a1", "s2");
        try (Connection c = state.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT state FROM rule_state")) {
            rs.next();
            // only the new instance: the erased one was not brought back from memory
            assertThat(rs.getString(1)).contains("s2").doesNotContain("s1");
        }
    }
}
