package io.emarsysdest.server.processing;

import io.emarsysdest.core.engine.CursorMovedException;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.log.EventLog;
import io.emarsysdest.store.StorageErrors;
import io.emarsysdest.store.processing.JdbcCursorStore;
import io.emarsysdest.store.processing.JdbcProcessingFailureStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Applies the event log to the state database, in order, exactly once: each batch's state changes and the new
 * cursor commit in one transaction. One processor thread is the single writer per person in the embedded tier.
 *
 * <p>A batch that fails is retried; if it keeps failing, its events are applied one by one and an event that fails
 * alone is recorded in {@code processing_failures} (it stays in the log) so one bad event cannot stop the rest.
 * That is only for errors the event itself causes. An error of the environment (a full disk, an I/O error, a busy or
 * lost database: {@link StorageErrors}) says nothing about the event: the processor then stops where it is, reports
 * it (unhealthy, {@code processor_stalled}, a log line), retries the same batch with a growing pause, and continues
 * from the same event once the cause is gone. Nothing acknowledged is skipped.
 */
public final class EventProcessor implements AutoCloseable {
    public static final String CURSOR = "main";
    private static final Logger log = LoggerFactory.getLogger(EventProcessor.class);
    private static final int ATTEMPTS = 3;
    /** Pauses between attempts while the environment fails: from the first to the last, doubling. */
    static final Duration STALL_FIRST_PAUSE = Duration.ofMillis(100);
    static final Duration STALL_MAX_PAUSE = Duration.ofSeconds(5);
    private static final Duration STALL_LOG_INTERVAL = Duration.ofMinutes(1);

    /** How the processor waits between attempts; tests pass one that does not wait on the wall clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final EventLog eventLog;
    private final DataSource state;
    private final EventPipeline pipeline;
    private final int batchSize;
    private final Duration linger;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Counter processed;
    private final Counter failures;
    private final Timer batchTimer;
    private final Counter storageErrors;
    private Sleeper sleeper = d -> Thread.sleep(d.toMillis());
    private volatile Instant stalledSince;
    private volatile String stalledBy;
    private long stalledAttempts;
    private Instant stallLoggedAt = Instant.MIN;
    private volatile boolean running = true;
    private volatile boolean signalled;
    private volatile long cursor;
    private volatile Instant lastReceivedAt;
    private volatile boolean healthy = true;
    private long lastBatchStart = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
    private Thread thread;

    public EventProcessor(EventLog eventLog, DataSource state, EventPipeline pipeline, int batchSize, InstantSource clock, MeterRegistry registry) {
        this(eventLog, state, pipeline, batchSize, Duration.ZERO, clock, registry);
    }

    /**
     * @param linger how long after starting a batch the processor waits before the next one while fewer than
     *               {@code batchSize} events are waiting: at moderate rates it then commits (and fsyncs) the state
     *               database a few times a second instead of after every log commit, which keeps the disk free for
     *               the log's acknowledgements and makes each event cheaper. Zero processes at once.
     */
    public EventProcessor(EventLog eventLog, DataSource state, EventPipeline pipeline, int batchSize, Duration linger,
                          InstantSource clock, MeterRegistry registry) {
        this.linger = linger;
        this.eventLog = eventLog;
        this.state = state;
        this.pipeline = pipeline;
        this.batchSize = batchSize;
        this.clock = clock;
        processed = Counter.builder("processor_events").description("Events applied to the state").register(registry);
        failures = Counter.builder("processor_failures").description("Events skipped after failing alone (see processing_failures)").register(registry);
        batchTimer = Timer.builder("processor_batch_duration").description("Time to apply one batch").register(registry);
        storageErrors = Counter.builder("processor_storage_errors").description("Attempts that failed on the environment (disk full, I/O, database unavailable); retried, never skipped").register(registry);
        Gauge.builder("processor_stalled", this, p -> p.stalledSince == null ? 0 : 1)
                .description("1 while processing waits for the state database or the log to work again").register(registry);
        Gauge.builder("processor_lag_events", this, p -> Math.max(0, p.eventLog.headOffset() - p.cursor))
                .description("Events in the log not yet applied").register(registry);
        Gauge.builder("processor_lag_seconds", this, EventProcessor::lagSeconds)
                .description("Age of the oldest event not yet applied (0 when caught up)").register(registry);
        eventLog.onAppend(this::wakeUp);
    }

    /** Replaces how the processor waits between attempts (before {@link #start()}). */
    public EventProcessor sleeper(Sleeper sleeper) {
        this.sleeper = sleeper;
        return this;
    }

    /** Since when processing waits for its storage to work again, or null when it does not. */
    public Instant stalledSince() {
        return stalledSince;
    }

    /** The environment error processing waits on, or null. */
    public String stalledBy() {
        return stalledBy;
    }

    public EventProcessor start() {
        try (Connection c = state.getConnection()) {
            cursor = new JdbcCursorStore(c).position(CURSOR);
        } catch (SQLException | RuntimeException e) {
            throw new IllegalStateException("cannot read the processing cursor: " + e.getMessage(), e);
        }
        thread = Thread.ofPlatform().name("event-processor").start(this::loop);
        return this;
    }

    public void wakeUp() {
        lock.lock();
        try {
            signalled = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public long cursor() {
        return cursor;
    }

    public boolean isHealthy() {
        return healthy && thread != null && thread.isAlive();
    }

    private double lagSeconds() {
        if (eventLog.headOffset() <= cursor || lastReceivedAt == null) return 0;
        return Math.max(0, Duration.between(lastReceivedAt, clock.instant()).toMillis() / 1000.0);
    }

    /** Work that must run on the processor thread (the single writer), in a transaction of its own. */
    @FunctionalInterface
    public interface WriterTask {
        void run(Connection tx) throws Exception;
    }

    private record Task(WriterTask work, java.util.concurrent.CompletableFuture<Void> done) {
    }

    private final java.util.concurrent.ConcurrentLinkedQueue<Task> tasks = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /**
     * Runs {@code work} on the processor thread between batches, in one transaction that commits when it returns
     * (then the pipeline's afterCommit runs) and rolls back when it throws; the future says which.
     */
    public java.util.concurrent.CompletableFuture<Void> submit(WriterTask work) {
        Task t = new Task(work, new java.util.concurrent.CompletableFuture<>());
        if (!running) {
            t.done().completeExceptionally(new IllegalStateException("the processor is stopping"));
            return t.done();
        }
        tasks.add(t);
        wakeUp();
        return t.done();
    }

    private void runTasks() {
        Task t;
        while ((t = tasks.poll()) != null) {
            try (Connection tx = state.getConnection()) {
                tx.setAutoCommit(false);
                try {
                    t.work().run(tx);
                    tx.commit();
                } catch (Exception e) {
                    rollBack(tx, e);
                    throw e;
                } finally {
                    autoCommitAgain(tx);
                }
                pipeline.afterCommit();
                t.done().complete(null);
            } catch (Exception e) {
                t.done().completeExceptionally(e);
            }
        }
    }

    private void loop() {
        while (running) {
            runTasks();
            try {
                if (eventLog.headOffset() <= cursor) {
                    awaitWork();
                    continue;
                }
                long lingerLeft = lastBatchStart + linger.toNanos() - System.nanoTime();
                if (lingerLeft > 0 && eventLog.headOffset() - cursor < batchSize && running) {
                    java.util.concurrent.locks.LockSupport.parkNanos(lingerLeft);
                    continue;
                }
                lastBatchStart = System.nanoTime();
                List<Event> batch = eventLog.readAfter(cursor, batchSize);
                if (batch.isEmpty()) {
                    awaitWork();
                    continue;
                }
                applyWithRetries(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (CursorMovedException e) {
                // Someone else applied the log up to there (or an operator moved it): continue from where it is now.
                log.error("{}; processing continues from offset {}", e.getMessage(), e.actual());
                cursor = e.actual();
            } catch (RuntimeException e) {
                healthy = false;
                log.error("the processor cannot read the event log; retrying", e);
                try {
                    sleeper.sleep(Duration.ofSeconds(1));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void awaitWork() throws InterruptedException {
        lock.lock();
        try {
            if (!signalled && running && tasks.isEmpty()) work.await(500, TimeUnit.MILLISECONDS);
            signalled = false;
        } finally {
            lock.unlock();
        }
    }

    private void applyWithRetries(List<Event> batch) throws InterruptedException {
        Exception last = null;
        int attempt = 0;
        while (running) {
            try {
                apply(batch);
                recovered();
                healthy = true;
                return;
            } catch (Exception e) {
                if (e instanceof CursorMovedException moved) throw moved; // no retry can succeed: see loop()
                if (StorageErrors.isEnvironmental(e)) {
                    stalled(batch, e); // the same batch again, however long it takes
                    continue;
                }
                last = e;
                attempt++;
                log.warn("applying {} events after offset {} failed (attempt {} of {}): {}", batch.size(), cursor, attempt, ATTEMPTS, e.toString());
                if (attempt >= ATTEMPTS) break;
                sleeper.sleep(Duration.ofMillis(100L << attempt));
            }
        }
        if (!running) return;
        if (batch.size() > 1) {
            for (Event e : batch) {
                applyWithRetries(List.of(e));
                if (!running) return;
            }
            return;
        }
        park(batch.get(0), last);
    }

    /** The environment failed: report it, wait (longer each time), and let the caller try the same work again. */
    private void stalled(List<Event> batch, Exception e) throws InterruptedException {
        healthy = false;
        storageErrors.increment();
        Instant now = clock.instant();
        stalledAttempts++;
        if (stalledSince == null) {
            stalledSince = now;
            stallLoggedAt = now;
            log.error("processing stops at offset {}: the state database or the log cannot be written or read ({}); "
                    + "retrying the same {} events until it works again", cursor, e.toString(), batch.size(), e);
        } else if (!now.isBefore(stallLoggedAt.plus(STALL_LOG_INTERVAL))) {
            stallLoggedAt = now;
            log.error("processing still waits at offset {} since {} ({} attempts): {}", cursor, stalledSince, stalledAttempts, e.toString());
        }
        stalledBy = e.toString();
        runTasks(); // submitters get their answer (most likely the same error) instead of waiting
        long pause = Math.min(STALL_MAX_PAUSE.toMillis(), STALL_FIRST_PAUSE.toMillis() << Math.min(20, stalledAttempts - 1));
        sleeper.sleep(Duration.ofMillis(pause));
    }

    private void recovered() {
        if (stalledSince == null) return;
        log.info("processing continues at offset {} after waiting {} for its storage ({} attempts)", cursor,
                Duration.between(stalledSince, clock.instant()), stalledAttempts);
        stalledSince = null;
        stalledBy = null;
        stalledAttempts = 0;
    }

    private void apply(List<Event> batch) throws Exception {
        long start = System.nanoTime();
        try (Connection tx = state.getConnection()) {
            tx.setAutoCommit(false);
            try {
                pipeline.apply(tx, batch);
                long last = batch.get(batch.size() - 1).offset();
                new JdbcCursorStore(tx).advance(CURSOR, cursor, last);
                tx.commit();
                cursor = last;
                lastReceivedAt = batch.get(batch.size() - 1).receivedAt();
            } catch (Exception e) {
                rollBack(tx, e);
                throw e;
            } finally {
                autoCommitAgain(tx);
            }
        }
        processed.increment(batch.size());
        batchTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        pipeline.afterCommit();
    }

    /**
     * Undoes a failed transaction and always tells the pipeline, whose caches must forget what it held: SQLite may
     * have rolled back already (SQLITE_FULL does), and then the rollback itself fails.
     */
    private void rollBack(Connection tx, Exception cause) {
        try {
            tx.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        } finally {
            pipeline.afterRollback();
        }
    }

    /** Back to auto-commit before the pool takes the connection; after a failure this must not hide the cause. */
    private static void autoCommitAgain(Connection tx) {
        try {
            tx.setAutoCommit(true);
        } catch (SQLException e) {
            log.debug("resetting auto-commit failed (the pool resets it): {}", e.toString());
        }
    }

    /** Records an event that cannot be applied and moves past it; retries forever only if even that fails. */
    private void park(Event event, Exception cause) throws InterruptedException {
        while (running) {
            try (Connection tx = state.getConnection()) {
                tx.setAutoCommit(false);
                new JdbcProcessingFailureStore(tx).record(event, clock.instant(), String.valueOf(cause), ATTEMPTS);
                new JdbcCursorStore(tx).advance(CURSOR, cursor, event.offset());
                tx.commit();
                tx.setAutoCommit(true);
                cursor = event.offset();
                failures.increment();
                log.error("event {} (messageId {}) could not be processed and was recorded in processing_failures", event.offset(), event.messageId());
                return;
            } catch (SQLException | io.emarsysdest.core.engine.StateStoreException e) {
                if (e instanceof CursorMovedException moved) throw moved;
                healthy = false;
                log.error("the state database is unavailable; processing waits", e);
                sleeper.sleep(Duration.ofSeconds(1));
            }
        }
    }

    /** Lets the current batch finish, then stops. */
    @Override
    public void close() {
        running = false;
        wakeUp();
        Task t;
        while ((t = tasks.poll()) != null) t.done().completeExceptionally(new IllegalStateException("the processor stopped"));
        if (thread != null) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
