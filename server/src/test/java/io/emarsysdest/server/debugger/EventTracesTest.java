package io.emarsysdest.server.debugger;

import io.emarsysdest.core.event.EventType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventTracesTest {
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    static EventTrace trace(long offset, EventType type, String name, String userId, long personId, String key) {
        return new EventTrace(offset, "m" + offset, type, name, userId, null, T, T, T.plusMillis(5), personId, false, false,
                key, null, true, List.of(), List.of(), List.of(), List.of(), 0, List.of(), List.of());
    }

    @Test
    void keepsOnlyTheNewestCapacityTraces() {
        EventTraces traces = new EventTraces(3);
        for (long i = 1; i <= 5; i++) traces.addAll(List.of(trace(i, EventType.TRACK, "E", "u", 1, null)));
        assertThat(traces.size()).isEqualTo(3);
        assertThat(traces.newest(new EventTraces.Filter(null, null, null, null), 10))
                .extracting(EventTrace::offset).containsExactly(5L, 4L, 3L);
        assertThat(traces.byMessageId("m2")).isEmpty();
        assertThat(traces.byMessageId("m4")).isPresent();
    }

    @Test
    void filtersByTypeNameAndPersonCaseInsensitivelyAndByOffset() {
        EventTraces traces = new EventTraces(100);
        traces.addAll(List.of(
                trace(1, EventType.IDENTIFY, null, "Jane", 7, "jane@example.com"),
                trace(2, EventType.TRACK, "Order Completed", "jane", 7, "jane@example.com"),
                trace(3, EventType.TRACK, "Product Viewed", "bob", 8, null),
                trace(4, EventType.PAGE, "Order Completed", "bob", 8, null)));
        assertThat(offsets(traces, new EventTraces.Filter("track", null, null, null))).containsExactly(3L, 2L);
        assertThat(offsets(traces, new EventTraces.Filter(null, "order completed", null, null))).containsExactly(4L, 2L);
        assertThat(offsets(traces, new EventTraces.Filter(" TRACK ", "ORDER COMPLETED", null, null))).containsExactly(2L);
        assertThat(offsets(traces, new EventTraces.Filter(null, null, "JANE@example.com", null))).containsExactly(2L, 1L);
        assertThat(offsets(traces, new EventTraces.Filter(null, null, "8", null))).containsExactly(4L, 3L);
        assertThat(offsets(traces, new EventTraces.Filter(null, null, "bob", 2L))).containsExactly(4L, 3L);
        assertThat(offsets(traces, new EventTraces.Filter(null, null, null, 3L))).containsExactly(4L);
        assertThat(offsets(traces, new EventTraces.Filter("", " ", "", null))).containsExactly(4L, 3L, 2L, 1L);
        assertThat(traces.newest(new EventTraces.Filter(null, null, null, null), 2)).hasSize(2);
    }

    @Test
    void anEventWithoutAPersonMatchesNoPersonIdZero() {
        EventTraces traces = new EventTraces(10);
        traces.addAll(List.of(trace(1, EventType.TRACK, "E", null, 0, null)));
        assertThat(offsets(traces, new EventTraces.Filter(null, null, "0", null))).isEmpty();
    }

    @Test
    void timerTracesAreFilteredAsTimerAndLeftOutOfOffsetPolling() {
        EventTraces traces = new EventTraces(10);
        traces.addAll(List.of(trace(0, null, "abandoned-browse", null, 7, "a@example.com"), trace(5, EventType.TRACK, "E", "u", 7, null)));
        assertThat(traces.newest(new EventTraces.Filter("timer", null, null, null), 10)).extracting(EventTrace::name).containsExactly("abandoned-browse");
        assertThat(offsets(traces, new EventTraces.Filter(null, null, null, 1L))).containsExactly(5L);
    }

    @Test
    void aPrivacyDeletionForgetsThePersonsTracesByIdOrIdentifier() {
        EventTraces traces = new EventTraces(10);
        traces.addAll(List.of(trace(1, EventType.IDENTIFY, null, "jane", 7, "jane@example.com"),
                trace(2, EventType.TRACK, "E", "bob", 8, null),
                trace(3, EventType.TRACK, "E", "jane", 0, null))); // her identifiers, but no person (all dropped)
        assertThat(traces.forget(java.util.Set.of(7L), java.util.Set.of("jane", "jane@example.com"))).isEqualTo(2);
        assertThat(offsets(traces, new EventTraces.Filter(null, null, null, null))).containsExactly(2L);
        assertThat(traces.byMessageId("m1")).isEmpty();
        traces.addAll(List.of(trace(4, EventType.TRACK, "E", "bob", 8, null)));
        assertThat(offsets(traces, new EventTraces.Filter(null, null, "bob", null))).containsExactly(4L, 2L);
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> new EventTraces(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Long> offsets(EventTraces traces, EventTraces.Filter f) {
        return traces.newest(f, 100).stream().map(EventTrace::offset).toList();
    }
}
