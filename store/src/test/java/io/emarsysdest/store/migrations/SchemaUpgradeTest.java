package io.emarsysdest.store.migrations;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emarsysdest.core.delivery.NewOutboxItem;
import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.core.delivery.OutboxItem;
import io.emarsysdest.core.identity.IdKey;
import io.emarsysdest.core.identity.IdType;
import io.emarsysdest.core.processing.HeldChanges;
import io.emarsysdest.core.processing.HeldItem;
import io.emarsysdest.core.rules.RuleParser;
import io.emarsysdest.store.StateDatabase;
import io.emarsysdest.store.datamap.JdbcContactMemoryStore;
import io.emarsysdest.store.datamap.JdbcDataMapRepository;
import io.emarsysdest.store.identity.JdbcPersonRepository;
import io.emarsysdest.store.outbox.JdbcOutboxRepository;
import io.emarsysdest.store.processing.HeldOutbox;
import io.emarsysdest.store.processing.JdbcCursorStore;
import io.emarsysdest.store.processing.JdbcProcessingFailureStore;
import io.emarsysdest.store.rules.JdbcRuleRepository;
import io.emarsysdest.testkit.PostgresTestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An installation made by an earlier release upgrades to today's schema with its data intact. Each earlier schema is
 * one that main has had (git log --first-parent -- store/src/main/resources/db/state): the database is built with
 * exactly those migration files, filled with data, then opened as the service opens it (all of today's migrations),
 * and today's repositories read the old data and write new data.
 */
class SchemaUpgradeTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    /** The state schemas of main's history, oldest first; the last one is the first with every area. */
    static Stream<List<String>> earlierSchemas() {
        return Stream.of(
                List.of("V100", "V101"),                                        // 35d0f96 server, processing cursor
                List.of("V100", "V101", "V300"),                                // 8cec201 outbox
                List.of("V100", "V101", "V300", "V500"),                        // 7564d99 rules
                List.of("V100", "V101", "V200", "V300", "V500"),                // a0c74a3 users table
                List.of("V100", "V101", "V200", "V300", "V400", "V500"),        // 793cfa5 data maps
                List.of("V100", "V101", "V102", "V200", "V300", "V400", "V500"), // f586026 held outbox
                List.of("V100", "V101", "V102", "V200", "V300", "V301", "V400", "V500"),        // 8e83a1f request log
                List.of("V100", "V101", "V102", "V200", "V300", "V301", "V302", "V400", "V500")); // f4b001e contact memory
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "SQLite from {0}")
    @MethodSource("earlierSchemas")
    void sqliteUpgradesWithItsData(List<String> versions) throws Exception {
        Path file = dir.resolve("state.db");
        SQLiteDataSource old = new SQLiteDataSource();
        old.setUrl("jdbc:sqlite:" + file);
        build(old, "sqlite", versions);
        try (StateDatabase db = StateDatabase.openSqlite(file)) {
            dataSurvivedAndRepositoriesWork(db.dataSource(), versions);
        }
        try (StateDatabase again = StateDatabase.openSqlite(file)) {   // a second start has nothing left to do
            assertThat(again.isHealthy()).isTrue();
        }
    }

    /** The set that the area numbering broke (V100–V500 without the late ones) and the newest earlier one. */
    static Stream<List<String>> earlierSchemasOnPostgres() {
        List<List<String>> all = earlierSchemas().toList();
        return Stream.of(all.get(4), all.get(all.size() - 1));
    }

    @ParameterizedTest(name = "PostgreSQL from {0}")
    @MethodSource("earlierSchemasOnPostgres")
    void postgresUpgradesWithItsData(List<String> versions) throws Exception {
        String url = PostgresTestDatabase.create();
        PGSimpleDataSource old = new PGSimpleDataSource();
        old.setUrl(url);
        build(old, "postgresql", versions);
        try (StateDatabase db = StateDatabase.openPostgres(url, 2)) {
            dataSurvivedAndRepositoriesWork(db.dataSource(), versions);
        }
    }

    /** The earlier schema, made by Flyway from exactly its files (same names, same checksums), and its data. */
    private void build(DataSource ds, String dialect, List<String> versions) throws Exception {
        Path files = Files.createDirectories(dir.resolve("migrations-" + dialect));
        for (String name : MigrationFiles.names("db/state/" + dialect)) {
            if (versions.contains(MigrationFiles.version(name))) {
                try (InputStream in = getClass().getClassLoader().getResourceAsStream("db/state/" + dialect + "/" + name)) {
                    Files.copy(in, files.resolve(name));
                }
            }
        }
        Flyway.configure().dataSource(ds).locations("filesystem:" + files).load().migrate();
        inTx(ds, tx -> {
            try (Statement s = tx.createStatement()) {
                for (String v : versions) for (String sql : SEED.getOrDefault(v, List.of())) s.execute(sql);
            }
            return null;
        });
    }

    /** Rows as the earlier releases wrote them (times in epoch ms for 2026-11-20T10:00:00Z). */
    private static final Map<String, List<String>> SEED = Map.of(
            "V100", List.of("INSERT INTO processing_cursor (name, log_offset) VALUES ('main', 42)"),
            "V101", List.of("INSERT INTO processing_failures (log_offset, message_id, failed_at, error, attempts) "
                    + "VALUES (7, 'm-7', 1763632800000, 'rule crashed', 3)"),
            "V200", List.of(
                    "INSERT INTO person (first_seen, last_seen, pk_norm, pk_raw, pk_set_at, traits, trait_times, user_ids, primary_keys, identifiers) "
                            + "VALUES (1763632800000, 1763632800000, 'jane@example.com', 'Jane@Example.com', 1763632800000, "
                            + "'{\"email\":\"Jane@Example.com\",\"firstName\":\"Jane\"}', '{\"email\":1763632800000,\"firstName\":1763632800000}', 1, 1, 2)",
                    "INSERT INTO identity (type, value_norm, value_raw, person_id, first_seen, last_seen) "
                            + "VALUES (1, 'u1', 'u1', 1, 1763632800000, 1763632800000)",
                    "INSERT INTO identity (type, value_norm, value_raw, person_id, first_seen, last_seen) "
                            + "VALUES (2, 'jane@example.com', 'Jane@Example.com', 1, 1763632800000, 1763632800000)"),
            "V300", List.of(
                    "INSERT INTO outbox (account, op, key_field, key_value, payload, idempotency_key, person_key, state, created_at, next_attempt_at) "
                            + "VALUES ('default', 'CONTACT_UPSERT', '3', 'jane@example.com', '{\"3\":\"jane@example.com\",\"1\":\"Jane\"}', "
                            + "'up-1', 'p1', 0, 1763632800000, 1763632800000)",
                    "INSERT INTO outbox (account, op, key_field, key_value, target, idempotency_key, person_key, state, created_at, next_attempt_at, "
                            + "finished_at, dead_reason, dead_http_status, dead_reply_code, dead_text) "
                            + "VALUES ('default', 'LIST_ADD', '3', 'jane@example.com', '123', 'list-1', 'p1', 2, 1763632800000, 1763632800000, "
                            + "1763632800000, 'refused', 400, 2008, 'No contact found')"),
            "V400", List.of(
                    "INSERT INTO datamap (id, current_version, created_at, updated_at) VALUES ('crm', 1, '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z')",
                    "INSERT INTO datamap_version (map_id, version, status, definition, created_at, updated_at, published_at) VALUES "
                            + "('crm', 1, 'published', '{\"id\":\"crm\",\"mappings\":[{\"from\":\"traits.company_name\",\"to\":\"Company\"}]}', "
                            + "'2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z')",
                    "INSERT INTO audience_list_mapping (audience_key, list_name, enabled, updated_at) VALUES ('vip', 'VIP customers', 1, '2026-11-20T10:00:00Z')"),
            "V500", List.of(
                    "INSERT INTO rule (rule_id, name, status, active_version, created_at, updated_at) "
                            + "VALUES ('welcome', 'welcome', 'active', 1, '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z')",
                    "INSERT INTO rule_version (rule_id, version, status, definition, created_at, published_at) VALUES ('welcome', 1, 'published', "
                            + "'{\"id\":\"welcome\",\"version\":1,\"entry\":{\"event\":{\"type\":\"track\",\"name\":\"Signed Up\"}},\"action\":{\"externalEvent\":\"welcome\"}}', "
                            + "'2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z')",
                    "INSERT INTO rule_timer (person_id, rule_id, instance_id, rule_version, deadline_ms, due_at_ms) "
                            + "VALUES ('1', 'welcome', 'i-1', 1, 1763640000000, 1763640000000)"));

    private static void dataSurvivedAndRepositoriesWork(DataSource ds, List<String> versions) throws Exception {
        inTx(ds, tx -> {
            assertThat(new JdbcCursorStore(tx).position("main")).isEqualTo(42);
            assertThat(new JdbcProcessingFailureStore(tx).list(0, 10)).singleElement().satisfies(f -> {
                assertThat(f.offset()).isEqualTo(7);
                assertThat(f.error()).isEqualTo("rule crashed");
                assertThat(f.event()).as("written before failures kept their event").isNull();
            });
            if (versions.contains("V200")) {
                JdbcPersonRepository persons = new JdbcPersonRepository(tx);
                long id = persons.findIdentity(new IdKey(IdType.USER_ID, "u1")).personId();
                assertThat(persons.findIdentity(new IdKey(IdType.PRIMARY_KEY, "jane@example.com")).personId()).isEqualTo(id);
                assertThat(persons.find(id).traits().path("firstName").asText()).isEqualTo("Jane");
                assertThat(persons.find(id).primaryKeyRaw()).isEqualTo("Jane@Example.com");
            }
            if (versions.contains("V400")) {
                JdbcDataMapRepository maps = new JdbcDataMapRepository(tx);
                assertThat(maps.current()).singleElement().satisfies(m -> {
                    assertThat(m.mapId()).isEqualTo("crm");
                    assertThat(m.definition().path("mappings").get(0).path("to").asText()).isEqualTo("Company");
                });
                assertThat(maps.audienceMapping("vip")).get().satisfies(a -> assertThat(a.list().toString()).contains("VIP customers"));
            }
            if (versions.contains("V500")) {
                JdbcRuleRepository rules = new JdbcRuleRepository(tx);
                assertThat(rules.get("welcome")).get().satisfies(r -> assertThat(r.activeVersion()).isEqualTo(1));
                assertThat(rules.loadRuleSet(new RuleParser()).active()).extracting(r -> r.id()).containsExactly("welcome");
            }
            // tables the earlier schema lacked are there and usable
            HeldOutbox held = new HeldOutbox(tx);
            held.apply(new HeldChanges(List.of(new HeldItem(1, Operation.EVENT_TRIGGER, "welcome", new ObjectMapper().createObjectNode(), "held-1")), List.of()), T0);
            assertThat(held.of(1)).extracting(HeldItem::idempotencyKey).containsExactly("held-1");
            held.apply(new HeldChanges(List.of(), List.of(1L)), T0);
            assertThat(held.of(1)).isEmpty();
            new JdbcContactMemoryStore(tx).forget(List.of("p1"));
            assertThat(new JdbcContactMemoryStore(tx).load(List.of("p1"))).isEmpty();
            new JdbcOutboxRepository(ds).enqueue(tx, List.of(NewOutboxItem.upsert("default", "3", "new@example.com",
                    new ObjectMapper().createObjectNode().put("3", "new@example.com"), "up-2", "p2")), T0);
            return null;
        });
        JdbcOutboxRepository outbox = new JdbcOutboxRepository(ds);
        List<OutboxItem> claimed = outbox.claim("default", T0.plusSeconds(1), Duration.ofMinutes(1), 10);
        if (versions.contains("V300")) {
            assertThat(claimed).extracting(OutboxItem::idempotencyKey).containsExactly("up-1", "up-2");
            assertThat(claimed.get(0).payload().path("1").asText()).isEqualTo("Jane");
            assertThat(outbox.stats(T0).deadLetters()).isEqualTo(1);
        } else {
            assertThat(claimed).extracting(OutboxItem::idempotencyKey).containsExactly("up-2");
        }
        assertThat(outbox.requestsSentSince("default", T0.minusSeconds(60))).isEmpty();
    }

    interface TxWork<T> {
        T run(Connection tx) throws Exception;
    }

    private static <T> T inTx(DataSource ds, TxWork<T> work) throws Exception {
        try (Connection tx = ds.getConnection()) {
            tx.setAutoCommit(false);
            try {
                T result = work.run(tx);
                tx.commit();
                return result;
            } catch (Exception | AssertionError e) {
                tx.rollback();
                throw e;
            }
        }
    }
}
