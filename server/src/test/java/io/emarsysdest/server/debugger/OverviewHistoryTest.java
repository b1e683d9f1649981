package io.emarsysdest.server.debugger;

import io.emarsysdest.testkit.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class OverviewHistoryTest {
    @Test
    void turnsCountersIntoRatesAndKeepsOnlyTheSpan() {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));
        AtomicReference<OverviewHistory.Reading> now = new AtomicReference<>(
                new OverviewHistory.Reading(100, 0, 0, 0, Map.of("delivered", 4L), 0));
        OverviewHistory h = new OverviewHistory(now::get, clock, Duration.ofSeconds(5), Duration.ofSeconds(15));
        h.sample();
        clock.advance(Duration.ofSeconds(5));
        now.set(new OverviewHistory.Reading(600, 12, 30, 1, Map.of("delivered", 7L, "rejected", 1L), 42.5));
        h.sample();

        OverviewHistory.Sample s = h.samples().get(1);
        assertThat(s.ingestPerSecond()).isEqualTo(100.0);
        assertThat(s.lagEvents()).isEqualTo(12);
        assertThat(s.queueDepth()).isEqualTo(30);
        assertThat(s.requests()).isEqualTo(Map.of("delivered", 3L, "rejected", 1L));
        assertThat(s.budgetUsePercent()).isEqualTo(42.5);
        assertThat(h.samples().get(0).ingestPerSecond()).isZero();

        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(5));
            h.sample();
        }
        assertThat(h.samples()).hasSize(3);
        assertThat(h.samples().get(2).at()).isEqualTo(clock.instant());
    }
}
