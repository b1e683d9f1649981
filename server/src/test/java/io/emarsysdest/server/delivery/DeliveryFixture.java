package io.emarsysdest.server.delivery;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.delivery.EmarsysGateway;
import io.emarsysdest.core.delivery.NewOutboxItem;
import io.emarsysdest.core.delivery.OutboxStats;
import io.emarsysdest.store.outbox.JdbcOutboxRepository;
import io.emarsysdest.testkit.delivery.StepClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A migrated SQLite state file with an outbox, and helpers to enqueue and to build services over it. */
final class DeliveryFixture {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    final SQLiteDataSource dataSource;
    final JdbcOutboxRepository outbox;
    final StepClock clock = new StepClock(T0);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    DeliveryFixture(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(5000);
        dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/state/sqlite").load().migrate();
        outbox = new JdbcOutboxRepository(dataSource);
    }

    DeliveryService service(DeliverySettings settings, EmarsysGateway gateway) {
        return service(settings, gateway, clock);
    }

    DeliveryService service(DeliverySettings settings, EmarsysGateway gateway, InstantSource clock) {
        return new DeliveryService(settings, outbox, Map.of("acc", gateway), clock, registry, new SplittableRandom(42));
    }

    /** A service of the node {@code holder} (its claims carry that identity). */
    DeliveryService service(DeliverySettings settings, EmarsysGateway gateway, String holder) {
        return new DeliveryService(settings, outbox, Map.of("acc", gateway), clock, registry, new SplittableRandom(42), holder);
    }

    /** The pacer of a manual-clock test: waiting means moving the clock. */
    Pacer pacer() {
        return until -> {
            clock.advanceTo(until);
            return true;
        };
    }

    int enqueue(NewOutboxItem... items) {
        return enqueue(List.of(items));
    }

    int enqueue(List<NewOutboxItem> items) {
        try (Connection tx = dataSource.getConnection()) {
            tx.setAutoCommit(false);
            int n = outbox.enqueue(tx, items, clock.instant());
            tx.commit();
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    OutboxStats stats() {
        return outbox.stats(clock.instant());
    }

    static ObjectNode fields(String field, String value) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put(field, value);
        return node;
    }

    static NewOutboxItem upsert(String key, String email) {
        return NewOutboxItem.upsert("acc", "3", email, fields("1", "name-" + key), key, "person-" + email);
    }

    static NewOutboxItem trigger(String key, String email) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("trigger_id", key);
        payload.putObject("data").put("k", key);
        return NewOutboxItem.trigger("acc", "3", email, "42", payload, key, "person-" + email);
    }
}
