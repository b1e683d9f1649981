package io.emarsysdest.server.processing;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.server.faults.FullDisk;
import io.emarsysdest.store.StateDatabase;
import io.emarsysdest.store.eventlog.SqliteEventLog;
import io.emarsysdest.testkit.Events;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full disk is the environment, not the event: processing stops at the event it was on, reports it, retries with
 * a growing pause and continues from the same event once there is room. Only an error the event itself causes
 * becomes a processing failure.
 */
class ProcessorOnAFullDiskTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    /** Writes a big row per event, so every batch needs new pages. */
    private final EventPipeline writing = (Connection tx, List<Event> events) -> {
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO applied (message_id, pad) VALUES (?, ?)")) {
            for (Event e : events) {
                if (e.messageId().startsWith("bug-")) throw new IllegalArgumentException("a rule cannot evaluate " + e.messageId());
                s.setString(1, e.messageId());
                s.setString(2, "x".repeat(3000));
                s.executeUpdate();
            }
        }
    };

    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private final EventProcessor.Sleeper sleeper = d -> {
        pauses.add(d);
        Thread.sleep(1); // no wall-clock back-off in the test, but no hot spin either
    };

    private static List<Event> tracks(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> Events.track("u1", "Viewed", prefix + i, T0)).toList();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what);
            Thread.sleep(5);
        }
    }

    private static long count(StateDatabase state, String sql) throws Exception {
        try (Connection c = state.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void onAFullDiskProcessingWaitsAtTheSameEventAndContinuesOnceThereIsRoomSkippingNothing() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SqliteEventLog log = SqliteEventLog.open(dir.resolve("events.db"), 10_000);
             StateDatabase state = StateDatabase.openSqlite(dir.resolve("state.db"))) {
            try (Connection c = state.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE applied (message_id TEXT PRIMARY KEY, pad TEXT)");
            }
            FullDisk disk = new FullDisk(state.dataSource());
            log.append(tracks("a", 3)).get(10, TimeUnit.SECONDS);
            try (EventProcessor p = new EventProcessor(log, disk, writing, 2, Clock.systemUTC(), registry).sleeper(sleeper).start()) {
                await("first events applied", () -> p.cursor() == 3);

                disk.fill();
                log.append(tracks("b", 5)).get(10, TimeUnit.SECONDS);
                await("several attempts on the full disk", () -> pauses.size() >= 8);
                assertThat(p.cursor()).as("waits at the event it was on").isEqualTo(3);
                assertThat(p.isHealthy()).isFalse();
                assertThat(p.stalledSince()).isNotNull();
                assertThat(p.stalledBy()).contains("SQLITE_FULL");
                assertThat(registry.get("processor_stalled").gauge().value()).isEqualTo(1);
                assertThat(registry.get("processor_storage_errors").counter().count()).isGreaterThanOrEqualTo(8);
                assertThat(pauses.get(1)).as("the pause grows").isGreaterThan(pauses.get(0));

                disk.free();
                await("every event applied", () -> p.cursor() == 8);
                assertThat(p.isHealthy()).isTrue();
                assertThat(p.stalledSince()).isNull();
                assertThat(registry.get("processor_stalled").gauge().value()).isEqualTo(0);
                assertThat(registry.get("processor_failures").counter().count()).isZero();
            }
            assertThat(count(state, "SELECT COUNT(*) FROM processing_failures")).as("nothing skipped").isZero();
            assertThat(count(state, "SELECT COUNT(*) FROM applied")).as("each event applied once").isEqualTo(8);
            try (Connection c = state.dataSource().getConnection()) {
                assertThat(new io.emarsysdest.store.processing.JdbcCursorStore(c).position(EventProcessor.CURSOR)).isEqualTo(8);
            }
        }
    }

    @Test
    void anErrorTheEventItselfCausesStillBecomesAProcessingFailureAndTheRestGoesOn() throws Exception {
        try (SqliteEventLog log = SqliteEventLog.open(dir.resolve("events.db"), 10_000);
             StateDatabase state = StateDatabase.openSqlite(dir.resolve("state.db"))) {
            try (Connection c = state.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE applied (message_id TEXT PRIMARY KEY, pad TEXT)");
            }
            log.append(tracks("a", 2)).get(10, TimeUnit.SECONDS);
            log.append(tracks("bug-", 1)).get(10, TimeUnit.SECONDS);
            log.append(tracks("c", 2)).get(10, TimeUnit.SECONDS);
            try (EventProcessor p = new EventProcessor(log, state.dataSource(), writing, 10, Clock.systemUTC(), new SimpleMeterRegistry())
                    .sleeper(sleeper).start()) {
                await("every event handled", () -> p.cursor() == 5);
                assertThat(p.isHealthy()).isTrue();
            }
            assertThat(count(state, "SELECT COUNT(*) FROM processing_failures")).isEqualTo(1);
            assertThat(count(state, "SELECT COUNT(*) FROM applied")).isEqualTo(4);
        }
    }
}
