package io.emarsysdest.core.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RateBudgetTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void neverAllowsMoreThanTheLimitInAnyWindowWhileUsingAlmostAllOfIt() {
        RateBudget budget = RateBudget.perMinute(1000);
        Random random = new Random(5);
        List<Instant> sent = new ArrayList<>();
        Instant now = T0;
        Instant end = T0.plus(Duration.ofMinutes(10));
        while (now.isBefore(end)) {
            // a greedy sender with a backlog: sends whenever allowed, time moves in uneven steps
            Instant permit = budget.nextPermitAt(now);
            now = permit.plusMillis(random.nextInt(3));
            assertThat(budget.tryAcquire(now)).isTrue();
            sent.add(now);
        }
        int j = 0;
        for (int i = 0; i < sent.size(); i++) {
            while (sent.get(j).isBefore(sent.get(i).minus(Duration.ofMinutes(1)))) j++;
            assertThat(i - j + 1).as("requests in the closed minute ending at request %d", i).isLessThanOrEqualTo(1000);
        }
        assertThat(sent.size()).isGreaterThanOrEqualTo(9_500); // ≥ 95 % of 10 × 1000
    }

    @Test
    void refusesARequestOverTheBudgetAndSaysWhenTheNextIsAllowed() {
        RateBudget budget = new RateBudget(3, Duration.ofSeconds(60));
        assertThat(budget.tryAcquire(T0)).isTrue();
        assertThat(budget.tryAcquire(T0.plusSeconds(1))).isTrue();
        assertThat(budget.tryAcquire(T0.plusSeconds(2))).isTrue();
        assertThat(budget.tryAcquire(T0.plusSeconds(3))).isFalse();
        assertThat(budget.nextPermitAt(T0.plusSeconds(3))).isEqualTo(T0.plusSeconds(60).plusNanos(1));
        assertThat(budget.used(T0.plusSeconds(30))).isEqualTo(3);
        assertThat(budget.used(T0.plusSeconds(61))).isEqualTo(1);
    }

    @Test
    void pausesUntilTheRateLimitResetsAndOnlyExtendsAPause() {
        RateBudget budget = RateBudget.perMinute(1000);
        budget.pauseUntil(T0.plusSeconds(30));
        budget.pauseUntil(T0.plusSeconds(10));

        assertThat(budget.pausedUntil(T0)).isEqualTo(T0.plusSeconds(30));
        assertThat(budget.tryAcquire(T0.plusSeconds(29))).isFalse();
        assertThat(budget.nextPermitAt(T0)).isEqualTo(T0.plusSeconds(30));
        assertThat(budget.tryAcquire(T0.plusSeconds(30))).isTrue();
        assertThat(budget.pausedUntil(T0.plusSeconds(30))).isNull();
    }

    @Test
    void startsWithTheRequestsAPreviousProcessSentInTheWindow() {
        RateBudget budget = new RateBudget(3, Duration.ofSeconds(60));
        budget.seed(List.of(T0.minusSeconds(50), T0.minusSeconds(40), T0.minusSeconds(30)));

        assertThat(budget.tryAcquire(T0)).isFalse();
        assertThat(budget.nextPermitAt(T0)).isEqualTo(T0.plusSeconds(10).plusNanos(1));
        assertThat(budget.used(T0)).isEqualTo(3);
    }

    @Test
    void learnsALowerLimitFromEmarsysAndNeverExceedsIt() {
        RateBudget budget = RateBudget.perMinute(1000);
        budget.limitTo(20);
        Instant now = T0;
        for (int i = 0; i < 20; i++) assertThat(budget.tryAcquire(now)).isTrue();
        assertThat(budget.tryAcquire(now)).isFalse();
        assertThat(budget.nextPermitAt(now)).isEqualTo(T0.plusSeconds(60).plusNanos(1));
        budget.limitTo(5000);
        assertThat(budget.limit()).as("never above the configured budget").isEqualTo(1000);
    }

    @Test
    void whatEmarsysSaysIsLeftUntilItsResetCapsTheRequestsUntilThen() {
        RateBudget budget = RateBudget.perMinute(1000);
        Instant reset = T0.plusSeconds(20);
        assertThat(budget.tryAcquire(T0)).isTrue();
        assertThat(budget.tryAcquire(T0)).isTrue(); // on its way when the first answer comes
        budget.observe(3, reset, 1, T0.plusMillis(100));
        assertThat(budget.tryAcquire(T0.plusSeconds(1))).isTrue();
        assertThat(budget.tryAcquire(T0.plusSeconds(1))).isTrue();
        assertThat(budget.tryAcquire(T0.plusSeconds(1))).as("3 left, 1 already on its way").isFalse();
        assertThat(budget.nextPermitAt(T0.plusSeconds(1))).isEqualTo(reset);
        budget.observe(10, reset, 0, T0.plusSeconds(2)); // a late answer about the same window allows no more
        assertThat(budget.tryAcquire(T0.plusSeconds(2))).isFalse();
        assertThat(budget.tryAcquire(reset)).as("a new window").isTrue();
    }
}
