package io.emarsysdest.store.eventlog;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.log.AppendResult;
import io.emarsysdest.testkit.Events;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The log's indexes, which a background indexer writes to their own file: de-duplication, history, purge, pruning. */
class IndexedEventLogTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private SqliteEventLog open() {
        return SqliteEventLog.open(dir.resolve("events.db"), 100_000);
    }

    private static List<Event> tracks(String user, String prefix, int n, Instant at) {
        return IntStream.range(0, n).mapToObj(i -> Events.track(user, "Viewed", prefix + i, at.plusSeconds(i))).toList();
    }

    private static Event anonymous(String anonymousId, String messageId) {
        return Events.of(EventType.PAGE, "{\"anonymousId\":\"" + anonymousId + "\",\"messageId\":\"" + messageId
                + "\",\"timestamp\":\"" + T0 + "\"}", T0);
    }

    private static AppendResult append(SqliteEventLog log, List<Event> events) throws Exception {
        return log.append(events).get(30, TimeUnit.SECONDS);
    }

    @Test
    void aRetryIsRecognisedWhetherItsFirstCopyIsIndexedYetOrNot() throws Exception {
        try (SqliteEventLog log = open()) {
            append(log, tracks("u1", "indexed-", 3, T0));
            log.awaitIndexed(WAIT);
            append(log, tracks("u1", "fresh-", 3, T0)); // committed, not yet indexed (the indexer waits up to a second)

            assertThat(append(log, tracks("u1", "indexed-", 4, T0))).isEqualTo(new AppendResult(1, 3));
            assertThat(append(log, tracks("u1", "fresh-", 4, T0))).isEqualTo(new AppendResult(1, 3));
            assertThat(log.readAfter(0, 100)).hasSize(8);
        }
    }

    @Test
    void theIndexIsRebuiltFromTheLogWhenItsFileIsLost() throws Exception {
        try (SqliteEventLog log = open()) {
            append(log, tracks("u1", "m", 5, T0));
            log.awaitIndexed(WAIT);
        }
        for (String suffix : List.of("", "-wal", "-shm")) Files.deleteIfExists(dir.resolve("events-index.db" + suffix));
        try (SqliteEventLog log = open()) {
            assertThat(append(log, tracks("u1", "m", 6, T0))).isEqualTo(new AppendResult(1, 5));
            assertThat(log.eventsFor(Set.of("u1"), Set.of(), 100)).hasSize(6);
        }
    }

    /** Leaves a table in the closed index file, to tell later whether the file was kept or made anew. */
    private void markIndex() throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("events-index.db"));
             java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE test_mark (x INTEGER)");
        }
    }

    private boolean indexIsMarked() throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("events-index.db"));
             java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'test_mark'")) {
            return rs.next() && rs.getInt(1) == 1;
        }
    }

    @Test
    void anIndexLeftOpenWhenTheMachineStoppedIsRebuiltFromTheLog() throws Exception {
        try (SqliteEventLog log = open()) {
            append(log, tracks("u1", "m", 5, T0));
            log.awaitIndexed(WAIT);
        }
        assertThat(dir.resolve("events-index.db.open")).as("a clean close removes the marker").doesNotExist();
        // the index is written without fsync: after the machine stopped with it open, it cannot be trusted even if
        // it looks whole
        markIndex();
        Files.writeString(dir.resolve("events-index.db.open"), "another-boot");
        try (SqliteEventLog log = open()) {
            assertThat(indexIsMarked()).as("deleted and rebuilt").isFalse();
            assertThat(append(log, tracks("u1", "m", 6, T0))).isEqualTo(new AppendResult(1, 5));
            assertThat(log.eventsFor(Set.of("u1"), Set.of(), 100)).hasSize(6);
            assertThat(Files.readString(dir.resolve("events-index.db.open")).trim()).isNotEqualTo("another-boot");
        }
    }

    @Test
    void anIndexLeftOpenByACrashedProcessIsKept() throws Exception {
        try (SqliteEventLog log = open()) {
            append(log, tracks("u1", "m", 5, T0));
            log.awaitIndexed(WAIT);
        }
        markIndex();
        // the process died on this boot: the operating system still had every write, the file is whole
        Files.writeString(dir.resolve("events-index.db.open"), String.valueOf(UnsyncedFileGuard.bootId()));
        try (SqliteEventLog log = open()) {
            assertThat(indexIsMarked()).as("kept").isTrue();
            assertThat(append(log, tracks("u1", "m", 6, T0))).isEqualTo(new AppendResult(1, 5));
        }
    }

    @Test
    void aDamagedIndexIsRebuiltFromTheLog() throws Exception {
        try (SqliteEventLog log = open()) {
            append(log, tracks("u1", "m", 5, T0));
        }
        Files.writeString(dir.resolve("events-index.db"), "not a database");
        try (SqliteEventLog log = open()) {
            assertThat(append(log, tracks("u1", "m", 6, T0))).isEqualTo(new AppendResult(1, 5));
            assertThat(log.eventsFor(Set.of("u1"), Set.of(), 100)).hasSize(6);
        }
    }

    @Test
    void aFullDiskFailsAppendsWithoutKeepingAnythingAndTheLogWritesAgainOnceThereIsRoom() throws Exception {
        try (SqliteEventLog log = open()) {
            append(log, tracks("u1", "before-", 3, T0));
            // the file may not grow any more: as a full disk, SQLite answers SQLITE_FULL
            log.beforeNextCommit = c -> {
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute("PRAGMA max_page_count = 1");
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            };
            List<Event> big = IntStream.range(0, 200).mapToObj(i -> Events.of(EventType.TRACK, "{\"userId\":\"u1\",\"event\":\"Big\",\"messageId\":\"full-"
                    + i + "\",\"properties\":{\"pad\":\"" + "x".repeat(2000) + "\"},\"timestamp\":\"" + T0 + "\"}", T0)).toList();
            assertThatThrownBy(() -> append(log, big)).hasRootCauseInstanceOf(java.sql.SQLException.class)
                    .hasMessageContaining("could not write");
            assertThat(log.isHealthy()).isFalse();

            // room again (the writer's next connection has no page limit): the client's retry is stored, once
            assertThat(append(log, big)).isEqualTo(new AppendResult(200, 0));
            assertThat(append(log, tracks("u1", "before-", 3, T0))).isEqualTo(new AppendResult(0, 3));
            assertThat(log.isHealthy()).isTrue();
            assertThat(log.readAfter(0, 1000)).extracting(Event::offset).containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, 203).boxed().toList());
        }
        try (SqliteEventLog log = open()) {
            assertThat(log.headOffset()).isEqualTo(203);
        }
    }

    @Test
    void theIndexerWritesAgainOnceAFullDiskHasRoomWithoutARestart() throws Exception {
        try (SqliteEventLog log = open()) {
            append(log, tracks("u1", "before-", 3, T0));
            log.awaitIndexed(WAIT);
            log.onIndexWriter(c -> pageLimit(c, 1)); // the index file may not grow: SQLITE_FULL, as on a full disk
            append(log, tracks("u1", "during-", 5000, T0));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (log.indexFailures() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
                log.indexNowForTest();
            }
            assertThat(log.indexFailures()).as("the full index failed a chunk").isPositive();

            log.onIndexWriter(c -> pageLimit(c, Integer.MAX_VALUE)); // room again
            log.awaitIndexed(WAIT);
            assertThat(log.isHealthy()).isTrue();
            assertThat(log.eventsFor(Set.of("u1"), Set.of(), 10_000)).hasSize(5003);
            assertThat(append(log, tracks("u1", "during-", 5000, T0))).as("every indexed id is known").isEqualTo(new AppendResult(0, 5000));
        }
    }

    private static void pageLimit(java.sql.Connection c, int pages) {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("PRAGMA max_page_count = " + pages);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPersonsEventsAreFoundNewestFirstIndexedOrNot() throws Exception {
        try (SqliteEventLog log = open()) {
            append(log, tracks("alice", "a-old-", 3, T0));
            append(log, tracks("bob", "b-", 2, T0));
            append(log, List.of(anonymous("anon-1", "p-1")));
            log.awaitIndexed(WAIT);
            append(log, tracks("alice", "a-new-", 2, T0.plusSeconds(60)));

            List<Event> alice = log.eventsFor(Set.of("alice"), Set.of("anon-1"), 100);
            assertThat(alice).extracting(Event::messageId).containsExactly("a-new-1", "a-new-0", "p-1", "a-old-2", "a-old-1", "a-old-0");
            assertThat(log.eventsFor(Set.of("alice"), Set.of(), 2)).extracting(Event::messageId).containsExactly("a-new-1", "a-new-0");
            assertThat(log.eventsFor(Set.of("nobody"), Set.of(), 10)).isEmpty();
        }
    }

    @Test
    void aPurgeDeletesEveryEventOfThePersonAndNothingElse() throws Exception {
        try (SqliteEventLog log = open()) {
            append(log, tracks("alice", "a-", 3, T0));
            append(log, tracks("bob", "b-", 2, T0));
            log.awaitIndexed(WAIT);
            append(log, tracks("alice", "a-late-", 2, T0));
            append(log, List.of(anonymous("anon-a", "p-1")));

            assertThat(log.purge(Set.of("alice"), Set.of("anon-a"))).isEqualTo(6);
            assertThat(log.eventsFor(Set.of("alice"), Set.of("anon-a"), 100)).isEmpty();
            assertThat(log.eventsFor(Set.of("bob"), Set.of(), 100)).hasSize(2);
        }
    }

    @Test
    void pruningDropsOnlyOldProcessedEventsAndForgetsTheirMessageIds() throws Exception {
        try (SqliteEventLog log = open()) {
            append(log, tracks("u1", "old-", 3, T0));            // received at T0 .. T0+2s
            append(log, tracks("u1", "new-", 2, T0.plusSeconds(3600)));
            log.awaitIndexed(WAIT);
            long processed = log.headOffset() - 1;              // the last event is not processed yet

            assertThat(log.pruneBefore(T0.plusSeconds(600), processed)).isEqualTo(3);
            assertThat(log.eventsFor(Set.of("u1"), Set.of(), 100)).extracting(Event::messageId).containsExactly("new-1", "new-0");
            assertThat(log.pruneBefore(T0.plusSeconds(7200), processed)).isEqualTo(1); // new-1 is not processed
            // Past the window a message id is new again.
            assertThat(append(log, tracks("u1", "old-", 1, T0))).isEqualTo(new AppendResult(1, 0));
        }
    }

    @Test
    void manyEventsAcrossSeveralIndexChunksStayDeduplicated() throws Exception {
        try (SqliteEventLog log = open()) {
            for (int b = 0; b < 30; b++) append(log, tracks("u" + b, "m" + b + "-", 100, T0));
            log.awaitIndexed(WAIT);
            int duplicates = 0;
            for (int b = 0; b < 30; b += 7) duplicates += append(log, tracks("u" + b, "m" + b + "-", 100, T0)).duplicates();
            assertThat(duplicates).isEqualTo(500);
            assertThat(log.headOffset()).isEqualTo(3000);
        }
    }
}
