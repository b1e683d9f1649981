package io.emarsysdest.server.api;

import io.emarsysdest.testkit.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class FailedAuthThrottleTest {
    private final ManualClock clock = ManualClock.at("2026-11-23T12:00:00Z");
    private final FailedAuthThrottle throttle = new FailedAuthThrottle(clock, 3, Duration.ofMinutes(1));

    @Test
    void aClientIsHeldBackAfterTooManyFailuresUntilTheOldestAgesOutOfTheWindow() {
        throttle.failed("10.0.0.1");
        clock.advance(Duration.ofSeconds(10));
        throttle.failed("10.0.0.1");
        assertThat(throttle.blockedFor("10.0.0.1")).as("two of three").isEmpty();
        throttle.failed("10.0.0.1");
        assertThat(throttle.blockedFor("10.0.0.1")).contains(Duration.ofSeconds(50));
        assertThat(throttle.blockedFor("10.0.0.2")).as("other addresses are not held back").isEmpty();

        clock.advance(Duration.ofSeconds(50));
        assertThat(throttle.blockedFor("10.0.0.1")).as("the first failure is a minute old").isEmpty();
        throttle.failed("10.0.0.1");
        assertThat(throttle.blockedFor("10.0.0.1")).as("the second one is 50 s old").contains(Duration.ofSeconds(10));
    }

    @Test
    void aRightKeyClearsTheCount() {
        throttle.failed("c");
        throttle.failed("c");
        throttle.succeeded("c");
        throttle.failed("c");
        throttle.failed("c");
        assertThat(throttle.blockedFor("c")).isEmpty();
    }
}
