package io.emarsysdest.server.delivery;

import io.emarsysdest.core.delivery.EmarsysGateway;
import io.emarsysdest.core.delivery.OutboxRepository;
import io.emarsysdest.core.delivery.OutboxStats;
import io.emarsysdest.core.validation.ValidationException;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * Runs delivery: one virtual thread per Emarsys account claims due outbox items, batches them, waits for the
 * account's request budget, sends through the account's {@link EmarsysGateway} and settles every item (delivered,
 * retried with backoff, account paused on rate limits, dead-lettered).
 * <p>
 * Lifecycle: {@link #start()}, then {@link #wakeUp()} after every commit that enqueued items (an idle worker sends at
 * once, after the short linger), {@link #stop()} at shutdown (requests in flight finish; claimed items not yet sent
 * go back to the queue). Items a crashed process had claimed are sent again when their lease ends.
 */
public final class DeliveryService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);
    private static final Duration STATS_TTL = Duration.ofSeconds(1);

    private final DeliverySettings settings;
    private final OutboxRepository outbox;
    private final InstantSource clock;
    private final String holder;
    private final List<AccountState> accounts = new ArrayList<>();
    private final List<AccountWorker> workers = new ArrayList<>();
    private final RequestLog requestLog = new RequestLog(50);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private final List<Thread> threads = new ArrayList<>();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor(); // requests in flight
    private long wakeUps; // guarded by lock
    private volatile boolean stopping;
    private volatile boolean started;
    private volatile OutboxStats cachedStats;
    private volatile Instant cachedStatsAt = Instant.MIN;

    /**
     * @param gateways one gateway per Emarsys account name (the {@code account} of outbox items); items of accounts
     *                 without a gateway stay queued
     */
    public DeliveryService(DeliverySettings settings, OutboxRepository outbox, Map<String, EmarsysGateway> gateways,
                           InstantSource clock, MeterRegistry registry) {
        this(settings, outbox, gateways, clock, registry, RandomGenerator.getDefault());
    }

    public DeliveryService(DeliverySettings settings, OutboxRepository outbox, Map<String, EmarsysGateway> gateways,
                           InstantSource clock, MeterRegistry registry, RandomGenerator random) {
        this(settings, outbox, gateways, clock, registry, random, null);
    }

    /**
     * @param holder this node's identity, the same across its restarts (null: none): claims carry it, and
     *               {@link #start()} takes back at once the claims a previous run of this node left (a crash),
     *               instead of letting them wait for their lease; other nodes' claims keep theirs
     */
    public DeliveryService(DeliverySettings settings, OutboxRepository outbox, Map<String, EmarsysGateway> gateways,
                           InstantSource clock, MeterRegistry registry, RandomGenerator random, String holder) {
        this(settings, outbox, gateways, clock, registry, random, holder, DeliveryTracer.NONE);
    }

    /** @param tracer sees every request with its items and exchanges (the console's debugger) */
    public DeliveryService(DeliverySettings settings, OutboxRepository outbox, Map<String, EmarsysGateway> gateways,
                           InstantSource clock, MeterRegistry registry, RandomGenerator random, String holder,
                           DeliveryTracer tracer) {
        this.holder = holder;
        var problems = settings.validate();
        if (!problems.isEmpty()) throw new ValidationException("delivery settings", problems);
        this.settings = settings;
        this.outbox = outbox;
        this.clock = clock;
        DeliveryMetrics metrics = new DeliveryMetrics(registry, this::stats, clock);
        new TreeMap<>(gateways).forEach((account, gateway) -> {
            // Emarsys counts requests when they arrive; ours are counted when sent, and up to (workers × in-flight) of
            // them may arrive in a later window than they were sent. Keeping that many in reserve means the budget is
            // never exceeded as Emarsys counts it (measured: 1,005 per 60 s at the sandbox without the reserve).
            int inFlight = settings.workersPerAccount() * settings.maxConcurrentRequests();
            int budget = Math.max(1, settings.requestsPerMinute() - Math.min(inFlight, settings.requestsPerMinute() / 100));
            AccountState state = new AccountState(account, budget);
            // a restart must not start with a fresh budget while Emarsys still counts the previous process's requests
            state.seed(outbox.requestsSentSince(account, clock.instant().minus(state.window())));
            accounts.add(state);
            for (int i = 0; i < settings.workersPerAccount(); i++) {
                workers.add(new AccountWorker(state, gateway, outbox, settings, clock, random, metrics, requestLog, senders, holder, tracer));
            }
        });
    }

    /** Starts one worker per account and the housekeeping thread. */
    public synchronized void start() {
        if (started) throw new IllegalStateException("already started");
        started = true;
        try {
            takeBackOwnClaims();
        } catch (RuntimeException e) {
            log.warn("cannot take back this node's earlier claims; they are sent when their lease ends", e);
        }
        for (int i = 0; i < workers.size(); i++) {
            AccountWorker worker = workers.get(i);
            threads.add(Thread.ofVirtual().name("delivery-" + worker.account() + "-" + i).start(() -> loop(worker)));
        }
        threads.add(Thread.ofVirtual().name("delivery-housekeeping").start(this::housekeeping));
        log.info("delivery started for accounts {} ({} worker(s) each)", accounts.stream().map(AccountState::account).toList(),
                settings.workersPerAccount());
    }

    /**
     * Makes the items this node claimed before it stopped (a crash leaves claims behind) due at once: no worker of
     * that run is alive any more, so waiting for their lease would only delay them. Called by {@link #start()}.
     *
     * @return how many items were taken back
     */
    public int takeBackOwnClaims() {
        if (holder == null) return 0;
        int released = outbox.releaseClaimsOf(holder, clock.instant());
        if (released > 0) log.info("took back {} outbox items claimed by this node ({}) before it stopped", released, holder);
        return released;
    }

    /**
     * Emarsys's rate-limit headers of an answer to {@code account} (each part null when absent): the account's
     * budget learns its real limit and what is left until the reset, so no request is sent that would get a 429.
     * Called by the Emarsys client for every answer, before the request's result is handed back.
     */
    public void rateLimitReported(String account, Integer limit, Integer remaining, Instant reset) {
        for (AccountState a : accounts) {
            if (a.account().equals(account)) a.rateLimitReported(limit, remaining, reset, clock.instant());
        }
    }

    /** Call after committing a transaction that enqueued items: idle workers look at once. Cheap; never blocks long. */
    public void wakeUp() {
        lock.lock();
        try {
            wakeUps++;
            signal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the workers: each finishes the request in flight and settles it, gives its other claimed items back
     * to the queue, and ends. Waits up to {@link DeliverySettings#stopTimeout()}.
     */
    public synchronized void stop() {
        if (!started || stopping) return;
        stopping = true;
        wakeUp();
        long deadline = System.nanoTime() + settings.stopTimeout().toNanos();
        for (Thread t : threads) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                    log.warn("delivery thread {} did not stop in time; its claimed items return after the lease", t.getName());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        senders.shutdown();
        log.info("delivery stopped");
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Runs rounds for every account in the calling thread until none has anything due now (or all due ones are
     * paused). For tests with a manual clock and for command-line flushing; not while started.
     */
    public void runUntilIdle(Pacer pacer) {
        if (started) throw new IllegalStateException("the service is running");
        boolean again = true;
        while (again) {
            again = false;
            for (AccountWorker worker : workers) {
                if (worker.round(pacer, () -> false) instanceof AccountWorker.Round.Worked) again = true;
            }
        }
    }

    public DeliveryStatus status() {
        Instant now = clock.instant();
        OutboxStats stats = stats();
        long age = stats.oldestPendingAt() == null ? 0 : Math.max(0, Duration.between(stats.oldestPendingAt(), now).toMillis());
        return new DeliveryStatus(started && !stopping, stats.pending(), stats.oldestPendingAt(), age, stats.deadLetters(),
                accounts.stream().map(a -> a.status(now)).toList(), requestLog.totals(), requestLog.recent());
    }

    /** Queue figures, cached briefly so metric scrapes and status polls do not count the queue every time. */
    OutboxStats stats() {
        Instant now = clock.instant();
        OutboxStats s = cachedStats;
        if (s == null || !now.isBefore(cachedStatsAt.plus(STATS_TTL)) || now.isBefore(cachedStatsAt)) {
            s = outbox.stats(now);
            cachedStats = s;
            cachedStatsAt = now;
        }
        return s;
    }

    // --- threads ---

    private void loop(AccountWorker worker) {
        Pacer pacer = this::sleepUntil;
        boolean wasIdle = true;
        int errorsInARow = 0;
        while (!stopping) {
            try {
                // After an idle spell, linger briefly so the rest of a burst joins the first request.
                if (wasIdle && !settings.linger().isZero() && !sleepUntil(clock.instant().plus(settings.linger()))) break;
                long seen = wakeUpCount();
                AccountWorker.Round round = worker.round(pacer, () -> stopping);
                errorsInARow = 0;
                switch (round) {
                    case AccountWorker.Round.Worked w -> wasIdle = false;
                    case AccountWorker.Round.PausedUntil p -> {
                        wasIdle = false;
                        sleepUntil(p.until());
                    }
                    case AccountWorker.Round.Idle i -> {
                        wasIdle = true;
                        awaitWakeUp(seen, settings.idlePoll());
                    }
                }
            } catch (RuntimeException e) {
                // storage trouble: back off (claimed items come back after their lease), never spin
                errorsInARow++;
                Duration pause = settings.errorPausePolicy().delay(errorsInARow, RandomGenerator.getDefault());
                log.error("delivery round for account {} failed; retrying in {}", worker.account(), pause, e);
                sleepUntil(clock.instant().plus(pause));
                wasIdle = false;
            }
        }
    }

    private void housekeeping() {
        while (!stopping) {
            if (!sleepUntil(clock.instant().plus(settings.purgeInterval()))) break;
            try {
                Instant before = clock.instant().minus(settings.deliveredRetention());
                int purged;
                do {
                    purged = outbox.purgeFinished(before, 10_000);
                } while (purged == 10_000 && !stopping);
            } catch (RuntimeException e) {
                log.warn("purging delivered outbox items failed; trying again later", e);
            }
        }
    }

    private long wakeUpCount() {
        lock.lock();
        try {
            return wakeUps;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until woken after {@code seen}, the timeout, or stop. */
    private void awaitWakeUp(long seen, Duration timeout) {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (wakeUps == seen && !stopping && nanos > 0) nanos = signal.awaitNanos(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        } finally {
            lock.unlock();
        }
    }

    /** Sleeps until the given time on the service clock; returns false early when stopping. */
    private boolean sleepUntil(Instant until) {
        lock.lock();
        try {
            while (!stopping) {
                long nanos = Duration.between(clock.instant(), until).toNanos();
                if (nanos <= 0) return true;
                signal.await(Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(250)), TimeUnit.NANOSECONDS);
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
            return false;
        } finally {
            lock.unlock();
        }
    }
}
