package io.emarsysdest.server.rules;

import io.emarsysdest.core.rules.RuleTimer;
import io.emarsysdest.testkit.ManualClock;
import io.emarsysdest.store.rules.JdbcRuleStateStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TimerServiceTest {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    /** A clock moved by hand. */
    static void insert(DataSource db, RuleTimer... timers) throws Exception {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            new JdbcRuleStateStore(c).applyTimers(List.of(timers), List.of());
            c.commit();
        }
    }

    /** The processor's side of the contract: applying a fired timer deletes it in the same transaction. */
    static TimerSink deleting(DataSource db, List<RuleTimer> seen) {
        return due -> {
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(false);
                JdbcRuleStateStore repo = new JdbcRuleStateStore(c);
                for (RuleTimer t : due) repo.timerFired(t);
                c.commit();
            }
            seen.addAll(due);
        };
    }

    @Test
    void fires_exactly_the_timers_that_are_due_on_the_clock() throws Exception {
        DataSource db = StateDb.create(dir);
        insert(db, new RuleTimer("p1", "r", "a", 1, T0, T0.plusSeconds(10)), new RuleTimer("p2", "r", "b", 1, T0, T0.plusSeconds(20)));
        ManualClock clock = new ManualClock(T0);
        List<RuleTimer> seen = new ArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TimerService s = new TimerService(db, deleting(db, seen), clock, TimerServiceConfig.DEFAULT, registry)) {
            assertThat(s.fireDue()).isZero();
            clock.set(T0.plusSeconds(15));
            assertThat(s.fireDue()).isEqualTo(1);
            clock.set(T0.plusSeconds(25));
            assertThat(s.fireDue()).isEqualTo(1);
            assertThat(s.fireDue()).isZero();
        }
        assertThat(seen).extracting(RuleTimer::instanceId).containsExactly("a", "b");
        assertThat(registry.get("rules.timer.fired").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("rules.timer.lateness").timer().max(TimeUnit.SECONDS)).isEqualTo(5.0);
    }

    @Test
    void a_failing_sink_gets_the_timers_again_after_the_lease() throws Exception {
        DataSource db = StateDb.create(dir);
        insert(db, new RuleTimer("p1", "r", "a", 1, T0, T0));
        ManualClock clock = new ManualClock(T0.plusSeconds(1));
        List<RuleTimer> seen = new ArrayList<>();
        TimerSink flaky = new TimerSink() {
            boolean failed;

            @Override
            public void fire(List<RuleTimer> due) throws Exception {
                if (!failed) {
                    failed = true;
                    throw new IllegalStateException("processor down");
                }
                deleting(db, seen).fire(due);
            }
        };
        try (TimerService s = new TimerService(db, flaky, clock, TimerServiceConfig.DEFAULT, new SimpleMeterRegistry())) {
            try {
                s.fireDue();
            } catch (IllegalStateException expected) {
                // the claim stays until its lease ends
            }
            assertThat(s.fireDue()).isZero();
            clock.set(clock.instant().plus(TimerServiceConfig.DEFAULT.lease()).plusSeconds(1));
            assertThat(s.fireDue()).isEqualTo(1);
        }
        assertThat(seen).hasSize(1);
    }

    @Test
    void fires_on_the_wall_clock_without_any_event_and_after_a_restart_fires_overdue_timers_once() throws Exception {
        DataSource db = StateDb.create(dir);
        Instant now = Instant.now();
        // overdue and claimed by a run that died, and one due shortly
        insert(db, new RuleTimer("p1", "r", "overdue", 1, now.minusSeconds(60), now.minusSeconds(60)),
                new RuleTimer("p2", "r", "soon", 1, now.plusMillis(300), now.plusMillis(300)));
        try (Connection c = db.getConnection()) {
            new JdbcRuleStateStore(c).claimDue(now, 10, Duration.ofMinutes(10));
        }
        List<RuleTimer> seen = new CopyOnWriteArrayList<>();
        CountDownLatch both = new CountDownLatch(2);
        TimerSink sink = due -> {
            deleting(db, seen).fire(due);
            due.forEach(t -> both.countDown());
        };
        try (TimerService s = new TimerService(db, sink, InstantSource.system(), TimerServiceConfig.DEFAULT, new SimpleMeterRegistry())) {
            s.start();
            assertThat(both.await(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(seen).extracting(RuleTimer::instanceId).containsExactly("overdue", "soon");
        try (Connection c = db.getConnection()) {
            assertThat(new JdbcRuleStateStore(c).pendingTimers()).isZero();
        }
    }

    @Test
    void two_pollers_on_one_database_never_hand_over_the_same_timer() throws Exception {
        DataSource db = StateDb.create(dir);
        RuleTimer[] timers = new RuleTimer[2000];
        for (int i = 0; i < timers.length; i++) timers[i] = new RuleTimer("p" + i, "r", "i" + i, 1, T0, T0.plusMillis(i));
        insert(db, timers);
        ManualClock clock = new ManualClock(T0.plusSeconds(10));
        List<RuleTimer> seen = new CopyOnWriteArrayList<>();
        TimerServiceConfig small = new TimerServiceConfig(50, Duration.ofMinutes(1), Duration.ofMillis(500), Duration.ofSeconds(1), false);
        try (TimerService a = new TimerService(db, deleting(db, seen), clock, small, new SimpleMeterRegistry());
             TimerService b = new TimerService(db, deleting(db, seen), clock, small, new SimpleMeterRegistry())) {
            Thread ta = Thread.ofPlatform().start(() -> fireQuietly(a));
            Thread tb = Thread.ofPlatform().start(() -> fireQuietly(b));
            ta.join();
            tb.join();
        }
        assertThat(seen).hasSize(2000);
        assertThat(seen.stream().map(RuleTimer::instanceId).distinct().count()).isEqualTo(2000);
    }

    private static void fireQuietly(TimerService s) {
        try {
            s.fireDue();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void the_config_reports_all_its_problems() {
        assertThat(new TimerServiceConfig(0, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(-1), true).validate()).hasSize(4);
        assertThat(TimerServiceConfig.DEFAULT.validate()).isEmpty();
    }
}
