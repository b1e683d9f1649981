package io.emarsysdest.server.rules;

import io.emarsysdest.core.rules.RuleTimer;
import io.emarsysdest.core.validation.ValidationException;
import io.emarsysdest.store.rules.JdbcRuleStateStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Fires rule timers on the wall clock, also when no events arrive: claims due timers, hands them to the
 * {@link TimerSink}, then sleeps until the next due time (at most {@code maxSleep}, or until {@link #wake(Instant)}).
 * On start it releases stale claims, so timers that fell due while the service was down fire once, at once.
 * Runs on one virtual thread.
 */
public final class TimerService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TimerService.class);

    private final DataSource db;
    private final TimerSink sink;
    private final InstantSource clock;
    private final TimerServiceConfig config;
    private final Timer lateness;
    private final Counter fired;
    private final Counter failures;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile long sleepingUntilMs = Long.MAX_VALUE;

    public TimerService(DataSource db, TimerSink sink, InstantSource clock, TimerServiceConfig config, MeterRegistry registry) {
        List<io.emarsysdest.core.validation.Problem> problems = config.validate();
        if (!problems.isEmpty()) throw new ValidationException("timer service config", problems);
        this.db = db;
        this.sink = sink;
        this.clock = clock;
        this.config = config;
        this.lateness = Timer.builder("rules.timer.lateness").description("wall-clock delay between a timer's due time and its firing")
                .publishPercentiles(0.5, 0.99, 0.999).register(registry);
        this.fired = Counter.builder("rules.timer.fired").description("timers handed to the processor").register(registry);
        this.failures = Counter.builder("rules.timer.failures").description("failed polls or sink calls").register(registry);
    }

    /** Releases stale claims (when configured: single node) and starts polling on a virtual thread. */
    public synchronized void start() throws SQLException {
        if (running) return;
        if (config.releaseClaimsOnStart()) {
            int released = inTx(c -> new JdbcRuleStateStore(c).releaseClaims());
            if (released > 0) log.info("released {} timer claims of a previous run", released);
        }
        running = true;
        thread = Thread.ofVirtual().name("rule-timers").start(this::loop);
    }

    /** A hint from the processor that it set a timer due at {@code dueAt}: wakes the poller when that is earlier than its sleep. */
    public void wake(Instant dueAt) {
        Thread t = thread;
        if (t != null && dueAt.toEpochMilli() < sleepingUntilMs) LockSupport.unpark(t);
    }

    /**
     * Claims the timers due now and hands them to the sink, batch after batch until none is due.
     *
     * @return how many timers were handed over
     */
    public int fireDue() throws Exception {
        int total = 0;
        while (true) {
            Instant now = clock.instant();
            List<RuleTimer> due = inTx(c -> new JdbcRuleStateStore(c).claimDue(now, config.batchSize(), config.lease()));
            if (due.isEmpty()) return total;
            sink.fire(due);
            Instant after = clock.instant();
            for (RuleTimer t : due) {
                Duration late = Duration.between(t.dueAt(), after);
                lateness.record(late.isNegative() ? Duration.ZERO : late);
            }
            fired.increment(due.size());
            total += due.size();
            if (due.size() < config.batchSize()) return total;
        }
    }

    private void loop() {
        while (running) {
            try {
                fireDue();
                Instant now = clock.instant();
                Optional<Instant> next = inTx(c -> new JdbcRuleStateStore(c).nextDueAt(now));
                long until = now.plus(config.maxSleep()).toEpochMilli();
                if (next.isPresent()) until = Math.min(until, next.get().toEpochMilli());
                sleepUntil(until);
            } catch (Exception e) {
                if (!running) return;
                failures.increment();
                log.warn("firing rule timers failed; retrying in {}", config.errorBackoff(), e);
                sleepUntil(clock.millis() + config.errorBackoff().toMillis());
            }
        }
    }

    /** Parks until the time, or earlier on {@link #wake}: any early return just re-polls (one indexed query). */
    private void sleepUntil(long untilMs) {
        long wait = untilMs - clock.millis();
        if (wait <= 0 || !running) return;
        sleepingUntilMs = untilMs;
        try {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(wait));
        } finally {
            sleepingUntilMs = Long.MAX_VALUE;
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
    }

    private <T> T inTx(io.emarsysdest.store.Transactions.Work<T> work) throws SQLException {
        return io.emarsysdest.store.Transactions.inTransaction(db, work);
    }
}
