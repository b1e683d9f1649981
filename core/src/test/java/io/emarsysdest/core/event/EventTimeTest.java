package io.emarsysdest.core.event;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventTimeTest {
    private static Instant t(String s) {
        return Instant.parse(s);
    }

    @Test
    void correctsADeviceClockThatRunsFiveMinutesFast() {
        // The worked example of the Segment spec: original 10:05:00.000, sent 10:05:30.000, received 10:00:30.250.
        Instant corrected = EventTime.corrected(t("2026-01-01T10:00:30.250Z"), t("2026-01-01T10:05:30Z"), t("2026-01-01T10:05:00Z"));
        assertThat(corrected).isEqualTo(t("2026-01-01T10:00:00.250Z"));
    }

    @Test
    void keepsTheOriginalTimeWhenNoSentAtWasSent() {
        assertThat(EventTime.corrected(t("2026-01-01T10:00:00Z"), null, t("2026-01-01T09:00:00Z")))
                .isEqualTo(t("2026-01-01T09:00:00Z"));
    }

    @Test
    void usesTheReceiveTimeWhenTheClientSentNoTime() {
        assertThat(EventTime.corrected(t("2026-01-01T10:00:00Z"), null, null)).isEqualTo(t("2026-01-01T10:00:00Z"));
    }

    @Test
    void clampsTimesInTheFutureToTheReceiveTime() {
        assertThat(EventTime.corrected(t("2026-01-01T10:00:00Z"), null, t("2026-01-01T12:00:00Z")))
                .isEqualTo(t("2026-01-01T10:00:00Z"));
        // sentAt earlier than the event time would also put the event after its arrival
        assertThat(EventTime.corrected(t("2026-01-01T10:00:00Z"), t("2026-01-01T09:00:00Z"), t("2026-01-01T09:30:00Z")))
                .isEqualTo(t("2026-01-01T10:00:00Z"));
    }

    @Test
    void keepsTheAgeOfHistoricalImports() {
        // A server library importing a week-old event: sentAt - originalTimestamp is the age.
        Instant corrected = EventTime.corrected(t("2026-01-08T10:00:01Z"), t("2026-01-08T10:00:00Z"), t("2026-01-01T10:00:00Z"));
        assertThat(corrected).isEqualTo(t("2026-01-01T10:00:01Z"));
    }
}
