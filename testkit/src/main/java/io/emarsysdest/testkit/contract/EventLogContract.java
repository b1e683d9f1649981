package io.emarsysdest.testkit.contract;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.log.AppendResult;
import io.emarsysdest.core.log.EventLog;
import io.emarsysdest.core.log.LogOverloadedException;
import io.emarsysdest.testkit.Events;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link EventLog} adapter promises. Subclasses open a fresh, empty log; {@link #reopen()} reopens the same one. */
public abstract class EventLogContract {
    protected static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    /** A fresh empty log. */
    protected abstract EventLog open(int maxQueuedEvents);

    /** Closes the given log and opens the same storage again. */
    protected abstract EventLog reopen(EventLog log);

    private static List<Event> events(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> Events.track("u" + i, "Viewed", prefix + i, T0.plusSeconds(i))).toList();
    }

    private static AppendResult await(CompletableFuture<AppendResult> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void appendedEventsAreReadBackInOrderWithIncreasingOffsets() throws Exception {
        try (EventLog log = open(10_000)) {
            assertThat(await(log.append(events("a", 3)))).isEqualTo(new AppendResult(3, 0));
            assertThat(await(log.append(events("b", 2)))).isEqualTo(new AppendResult(2, 0));
            List<Event> all = log.readAfter(0, 100);
            assertThat(all).extracting(Event::messageId).containsExactly("a0", "a1", "a2", "b0", "b1");
            assertThat(all).extracting(Event::offset).isSorted().doesNotHaveDuplicates();
            assertThat(log.headOffset()).isEqualTo(all.get(4).offset());
            assertThat(log.readAfter(all.get(2).offset(), 100)).extracting(Event::messageId).containsExactly("b0", "b1");
            assertThat(all.get(0).body()).isEqualTo(events("a", 1).get(0).body());
        }
    }

    @Test
    void aRepeatedMessageIdIsStoredOnceAndCountedAsDuplicate() throws Exception {
        try (EventLog log = open(10_000)) {
            await(log.append(events("m", 2)));
            List<Event> retry = new ArrayList<>(events("m", 3)); // a client resending the whole batch, plus one new
            retry.add(events("m", 1).get(0));                   // and a duplicate inside the same request
            assertThat(await(log.append(retry))).isEqualTo(new AppendResult(1, 3));
            assertThat(log.readAfter(0, 100)).extracting(Event::messageId).containsExactly("m0", "m1", "m2");
        }
    }

    @Test
    void everythingAcknowledgedSurvivesAReopenAndStaysDeduplicated() throws Exception {
        EventLog log = open(10_000);
        await(log.append(events("p", 5)));
        long head = log.headOffset();
        log = reopen(log);
        try (EventLog reopened = log) {
            assertThat(reopened.headOffset()).isEqualTo(head);
            assertThat(reopened.readAfter(0, 100)).hasSize(5);
            assertThat(await(reopened.append(events("p", 6)))).isEqualTo(new AppendResult(1, 5));
        }
    }

    @Test
    void concurrentAppendsAreAllStoredOnceWithUniqueOffsets() throws Exception {
        try (EventLog log = open(1_000_000)) {
            List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < 50; t++) {
                    String prefix = "t" + t + "-";
                    futures.add(CompletableFuture.supplyAsync(() -> log.append(events(prefix, 40)), pool).thenCompose(f -> f));
                }
                int appended = 0;
                for (var f : futures) appended += await(f).appended();
                assertThat(appended).isEqualTo(2000);
            }
            List<Event> all = log.readAfter(0, 5000);
            Set<Long> offsets = new HashSet<>();
            all.forEach(e -> offsets.add(e.offset()));
            assertThat(all).hasSize(2000);
            assertThat(offsets).hasSize(2000);
        }
    }

    @Test
    void listenersHearAboutCommits() throws Exception {
        try (EventLog log = open(10_000)) {
            AtomicInteger calls = new AtomicInteger();
            log.onAppend(calls::incrementAndGet);
            await(log.append(events("l", 1)));
            assertThat(calls.get()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void refusesAppendsBeyondItsQueueLimitWithoutStoringThem() throws Exception {
        try (EventLog log = open(2)) {
            assertThatThrownBy(() -> await(log.append(events("o", 3))))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(LogOverloadedException.class);
            assertThat(log.readAfter(0, 10)).isEmpty();
        }
    }

    @Test
    void reportsHealthy() {
        try (EventLog log = open(10)) {
            assertThat(log.isHealthy()).isTrue();
        }
    }
}
