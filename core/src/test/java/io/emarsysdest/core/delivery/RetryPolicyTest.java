package io.emarsysdest.core.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(60),
            Duration.ofHours(24), RetryPolicy.Jitter.FULL, Duration.ofSeconds(60));

    @Test
    void fullJitterStaysBetweenBaseAndTheCappedExponential() {
        Random random = new Random(1);
        for (int attempt = 1; attempt <= 12; attempt++) {
            long upper = Math.min(60_000, 2_000L << (attempt - 1));
            long min = Long.MAX_VALUE, max = 0;
            for (int i = 0; i < 2000; i++) {
                long ms = policy.delay(attempt, random).toMillis();
                assertThat(ms).isBetween(2_000L, upper);
                min = Math.min(min, ms);
                max = Math.max(max, ms);
            }
            if (attempt > 1) {
                // spread over the range, not a constant
                assertThat(max - min).isGreaterThan((upper - 2_000) / 2);
            }
        }
    }

    @Test
    void decorrelatedJitterStaysBetweenBaseAndCap() {
        RetryPolicy decorrelated = new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(60),
                Duration.ofHours(24), RetryPolicy.Jitter.DECORRELATED, Duration.ofSeconds(60));
        Random random = new Random(2);
        for (int attempt = 1; attempt <= 30; attempt++) {
            for (int i = 0; i < 500; i++) {
                assertThat(decorrelated.delay(attempt, random)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(60));
            }
        }
        assertThat(decorrelated.delay(3, new Random(3))).isLessThanOrEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void retriesRetryableFailuresLaterNeverAtOnce() {
        OutboxItem item = item(NOW.minusSeconds(10), 0);
        var decision = policy.decide(item, Failure.retryable(503, null, "overloaded"), NOW, new Random(4));
        assertThat(decision).isInstanceOfSatisfying(RetryPolicy.Decision.RetryAt.class,
                r -> assertThat(r.at()).isEqualTo(NOW.plusSeconds(2)));
    }

    @Test
    void givesUpPermanentFailuresAtOnce() {
        var decision = policy.decide(item(NOW, 0), Failure.permanent(400, 2007, "bad value"), NOW, new Random());
        assertThat(decision).isEqualTo(new RetryPolicy.Decision.GiveUp(DeadReason.PERMANENT));
    }

    @Test
    void givesUpOnceTheItemIsOlderThanTheMaximumAge() {
        OutboxItem old = item(NOW.minus(Duration.ofHours(24)), 40);
        assertThat(policy.decide(old, Failure.retryable(500, null, "x"), NOW, new Random()))
                .isEqualTo(new RetryPolicy.Decision.GiveUp(DeadReason.EXPIRED));
        assertThat(policy.decide(old, Failure.rateLimited(429, 7003, "x", NOW.plusSeconds(5)), NOW, new Random()))
                .isEqualTo(new RetryPolicy.Decision.GiveUp(DeadReason.EXPIRED));
        OutboxItem young = item(NOW.minus(Duration.ofHours(23)), 40);
        assertThat(policy.decide(young, Failure.retryable(500, null, "x"), NOW, new Random()))
                .isInstanceOf(RetryPolicy.Decision.RetryAt.class);
    }

    @Test
    void retriesRateLimitedItemsWhenTheLimitResetsOrAfterTheDefaultPause() {
        OutboxItem item = item(NOW, 0);
        assertThat(policy.decide(item, Failure.rateLimited(429, 7003, "slow down", NOW.plusSeconds(17)), NOW, new Random()))
                .isEqualTo(new RetryPolicy.Decision.RetryAt(NOW.plusSeconds(17)));
        assertThat(policy.decide(item, Failure.rateLimited(429, 7003, "slow down", null), NOW, new Random()))
                .isEqualTo(new RetryPolicy.Decision.RetryAt(NOW.plusSeconds(60)));
    }

    @Test
    void reportsEveryInvalidSetting() {
        RetryPolicy bad = new RetryPolicy(Duration.ZERO, Duration.ofSeconds(-1), Duration.ZERO,
                RetryPolicy.Jitter.FULL, Duration.ZERO);
        assertThat(bad.validate()).extracting(p -> p.path()).containsExactly("base", "cap", "maxAge", "rateLimitPause");
        assertThat(RetryPolicy.DEFAULTS.validate()).isEmpty();
    }

    private static OutboxItem item(Instant createdAt, int attempts) {
        return new OutboxItem(1, "acc", Operation.CONTACT_UPSERT, "3", "a@x", null, null, "k", "p", createdAt,
                attempts, createdAt, null);
    }
}
