package io.emarsysdest.server.processing;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.store.StateDatabase;
import io.emarsysdest.store.eventlog.SqliteEventLog;
import io.emarsysdest.store.processing.JdbcCursorStore;
import io.emarsysdest.testkit.Events;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The processor applies the log in order, once, in batches; while few events wait it lingers to gather them. */
class EventProcessorTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    private final List<List<String>> batches = new CopyOnWriteArrayList<>();
    private final EventPipeline recording = (Connection tx, List<Event> events) -> batches.add(events.stream().map(Event::messageId).toList());

    private static List<Event> tracks(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> Events.track("u1", "Viewed", prefix + i, T0)).toList();
    }

    private void awaitProcessed(EventProcessor p, long offset) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (p.cursor() < offset && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(p.cursor()).isEqualTo(offset);
    }

    @Test
    void appliesEveryEventOnceInOrderAndResumesWhereItStopped() throws Exception {
        try (SqliteEventLog log = SqliteEventLog.open(dir.resolve("events.db"), 10_000);
             StateDatabase state = StateDatabase.openSqlite(dir.resolve("state.db"))) {
            log.append(tracks("a", 3)).get(10, TimeUnit.SECONDS);
            try (EventProcessor p = new EventProcessor(log, state.dataSource(), recording, 2, Clock.systemUTC(), new SimpleMeterRegistry()).start()) {
                awaitProcessed(p, 3);
            }
            assertThat(batches.stream().flatMap(List::stream)).containsExactly("a0", "a1", "a2");
            assertThat(batches).allMatch(b -> b.size() <= 2);

            batches.clear();
            log.append(tracks("b", 2)).get(10, TimeUnit.SECONDS);
            try (EventProcessor p = new EventProcessor(log, state.dataSource(), recording, 100, Clock.systemUTC(), new SimpleMeterRegistry()).start()) {
                awaitProcessed(p, 5);
            }
            assertThat(batches.stream().flatMap(List::stream)).containsExactly("b0", "b1");
        }
    }

    @Test
    void whileFewEventsWaitItLingersAndTakesThemInOneBatch() throws Exception {
        try (SqliteEventLog log = SqliteEventLog.open(dir.resolve("events.db"), 10_000);
             StateDatabase state = StateDatabase.openSqlite(dir.resolve("state.db"));
             EventProcessor p = new EventProcessor(log, state.dataSource(), recording, 1000, Duration.ofSeconds(1),
                     Clock.systemUTC(), new SimpleMeterRegistry()).start()) {
            log.append(tracks("first", 1)).get(10, TimeUnit.SECONDS);
            awaitProcessed(p, 1); // the first batch goes at once
            for (int i = 0; i < 3; i++) log.append(tracks("later" + i + "-", 1)).get(10, TimeUnit.SECONDS);
            awaitProcessed(p, 4);
            assertThat(batches).containsExactly(List.of("first0"), List.of("later0-0", "later1-0", "later2-0"));
        }
    }

    @Test
    void whenAnotherOwnerMovedTheCursorItContinuesFromThereInsteadOfApplyingThoseEventsAgain() throws Exception {
        try (SqliteEventLog log = SqliteEventLog.open(dir.resolve("events.db"), 10_000);
             StateDatabase state = StateDatabase.openSqlite(dir.resolve("state.db"))) {
            List<String> committed = new CopyOnWriteArrayList<>();
            EventPipeline recordingCommits = new EventPipeline() {
                private List<String> pending = List.of();

                @Override
                public void apply(Connection tx, List<Event> events) {
                    pending = events.stream().map(Event::messageId).toList();
                }

                @Override
                public void afterCommit() {
                    committed.addAll(pending);
                }
            };
            try (EventProcessor p = new EventProcessor(log, state.dataSource(), recordingCommits, 100, Clock.systemUTC(), new SimpleMeterRegistry()).start()) {
                try (Connection other = state.dataSource().getConnection()) { // after p read 0: another owner applies two
                    new JdbcCursorStore(other).advance(EventProcessor.CURSOR, 0, 2);
                }
                log.append(tracks("a", 3)).get(10, TimeUnit.SECONDS);
                awaitProcessed(p, 3);
            }
            assertThat(committed).containsExactly("a2");
        }
    }
}
