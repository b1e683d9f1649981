package io.emarsysdest.testkit.engine;

import io.emarsysdest.core.engine.ProcessingFailure;
import io.emarsysdest.core.engine.ProcessingFailureStore;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.testkit.Events;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link ProcessingFailureStore} must do; each implementation's test extends this. */
public abstract class ProcessingFailureStoreContract extends PortContract<ProcessingFailureStore> {
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);

    /** An event as the log hands it over, at this offset. */
    protected static Event event(long offset, String userId, String anonymousId) {
        String who = (userId == null ? "" : "\"userId\":\"" + userId + "\",") + (anonymousId == null ? "" : "\"anonymousId\":\"" + anonymousId + "\",");
        return Events.of(EventType.TRACK, "{" + who + "\"event\":\"Viewed\",\"messageId\":\"m-" + offset + "\",\"properties\":{\"n\":" + offset + "}}", T0)
                .withOffset(offset);
    }

    private List<Long> offsets() {
        return committed(f -> f.list(0, 100).stream().map(ProcessingFailure::offset).toList());
    }

    @Test
    void aRecordedFailureKeepsTheEventTheErrorAndTheAttempts() {
        Event e = event(7, "u-1", "a-1");
        assertRollbackLeavesNothing(f -> f.record(e, T0, "boom", 3), f -> f.list(0, 10));

        commit(f -> f.record(e, T0, "boom", 3));

        ProcessingFailure found = committed(f -> f.find(7)).orElseThrow();
        assertThat(found.offset()).isEqualTo(7);
        assertThat(found.messageId()).isEqualTo("m-7");
        assertThat(found.failedAt()).isEqualTo(T0);
        assertThat(found.error()).isEqualTo("boom");
        assertThat(found.attempts()).isEqualTo(3);
        assertThat(found.event().offset()).isEqualTo(7);
        assertThat(found.event().userId()).isEqualTo("u-1");
        assertThat(found.event().anonymousId()).isEqualTo("a-1");
        assertThat(found.event().body()).isEqualTo(e.body());
        assertThat(this.<java.util.Optional<ProcessingFailure>>committed(f -> f.find(8))).isEmpty();
        assertThat(committed(ProcessingFailureStore::count)).isEqualTo(1);
    }

    @Test
    void recordingTheSameEventAgainReplacesItsFailure() {
        commit(f -> f.record(event(7, "u-1", null), T0, "first", 3));
        commit(f -> f.record(event(7, "u-1", null), T1, "second", 3));

        assertThat(committed(ProcessingFailureStore::count)).isEqualTo(1);
        assertThat(committed(f -> f.find(7)).orElseThrow()).satisfies(found -> {
            assertThat(found.error()).isEqualTo("second");
            assertThat(found.failedAt()).isEqualTo(T1);
        });
    }

    @Test
    void aFailedRetryCountsOneMoreAttemptWithTheNewestError() {
        commit(f -> f.record(event(7, "u-1", null), T0, "boom", 3));
        assertRollbackLeavesNothing(f -> f.retryFailed(7, T1, "again"), f -> f.find(7));

        commit(f -> f.retryFailed(7, T1, "again"));
        commit(f -> f.retryFailed(99, T1, "nothing there"));

        assertThat(committed(f -> f.find(7)).orElseThrow()).satisfies(found -> {
            assertThat(found.attempts()).isEqualTo(4);
            assertThat(found.error()).isEqualTo("again");
            assertThat(found.failedAt()).isEqualTo(T1);
        });
        assertThat(offsets()).containsExactly(7L);
    }

    @Test
    void failuresAreListedInLogOrderAPageAtATime() {
        commit(f -> {
            f.record(event(5, "u", null), T0, "e", 3);
            f.record(event(2, "u", null), T0, "e", 3);
            f.record(event(9, "u", null), T0, "e", 3);
        });

        assertThat(offsets()).containsExactly(2L, 5L, 9L);
        assertThat(this.<List<ProcessingFailure>>committed(f -> f.list(1, 1))).extracting(ProcessingFailure::offset).containsExactly(5L);
        assertThat(this.<List<ProcessingFailure>>committed(f -> f.list(3, 10))).isEmpty();
        assertThat(committed(ProcessingFailureStore::count)).isEqualTo(3);
    }

    @Test
    void aDismissedFailureIsGone() {
        commit(f -> f.record(event(7, "u", null), T0, "e", 3));
        assertRollbackLeavesNothing(f -> f.delete(7), f -> f.list(0, 10));

        assertThat(this.<Boolean>committed(f -> f.delete(7))).isTrue();
        assertThat(this.<Boolean>committed(f -> f.delete(7))).as("a second time").isFalse();
        assertThat(committed(ProcessingFailureStore::count)).isZero();
    }

    @Test
    void aPrivacyDeletionForgetsTheFailedEventsOfItsUserIdsAndAnonymousIdsOnly() {
        commit(f -> {
            f.record(event(1, "gone", null), T0, "e", 3);
            f.record(event(2, null, "gone-device"), T0, "e", 3);
            f.record(event(3, "stays", "other-device"), T0, "e", 3);
        });
        assertRollbackLeavesNothing(f -> f.forgetEventsOf(Set.of("gone"), Set.of("gone-device")), f -> f.list(0, 10));

        assertThat(this.<Integer>committed(f -> f.forgetEventsOf(Set.of(), Set.of()))).isZero();
        assertThat(this.<Integer>committed(f -> f.forgetEventsOf(Set.of("gone"), Set.of("gone-device")))).isEqualTo(2);
        assertThat(offsets()).containsExactly(3L);
    }
}
