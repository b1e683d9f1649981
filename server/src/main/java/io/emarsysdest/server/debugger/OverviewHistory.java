package io.emarsysdest.server.debugger;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The overview's numbers over time, in memory: one sample every {@code interval} (5 s) for the last {@code span} (an
 * hour), taken by a small virtual thread. Counters (events ingested, requests by outcome) are turned into rates and
 * per-interval counts; gauges (lag, queue, budget use) are kept as read. Thread-safe.
 */
public final class OverviewHistory implements AutoCloseable {
    /** What the service reports at one moment. */
    public record Reading(long eventsIngested, long lagEvents, long queueDepth, long deadLetters,
                          Map<String, Long> requestTotals, double budgetUsePercent) {
    }

    /**
     * One sample.
     *
     * @param ingestPerSecond events acknowledged per second since the previous sample
     * @param requests        requests to Emarsys since the previous sample, by outcome
     * @param budgetUsePercent the busiest account's requests in the last minute, as a share of its budget
     */
    public record Sample(Instant at, double ingestPerSecond, long lagEvents, long queueDepth, long deadLetters,
                         Map<String, Long> requests, double budgetUsePercent) {
    }

    private final Supplier<Reading> read;
    private final InstantSource clock;
    private final Duration interval;
    private final int capacity;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private Reading previous;
    private Instant previousAt;
    private Thread thread;

    public OverviewHistory(Supplier<Reading> read, InstantSource clock, Duration interval, Duration span) {
        this.read = read;
        this.clock = clock;
        this.interval = interval;
        this.capacity = (int) Math.max(2, span.toMillis() / interval.toMillis());
    }

    public Duration interval() {
        return interval;
    }

    /** Takes a sample now and then every interval, until closed. */
    public OverviewHistory start() {
        thread = Thread.ofVirtual().name("overview-history").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    sample();
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // a reading failed (the database is busy or down): this sample is skipped, the next one tries again
                    org.slf4j.LoggerFactory.getLogger(OverviewHistory.class).debug("overview sample failed: {}", e.toString());
                    try {
                        Thread.sleep(interval);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        });
        return this;
    }

    /** Takes one sample (the thread does this every interval; tests call it directly). */
    public void sample() {
        Reading r = read.get();
        Instant now = clock.instant();
        synchronized (this) {
            double rate = 0;
            Map<String, Long> requests = new TreeMap<>();
            if (previous != null) {
                double seconds = Math.max(0.001, (now.toEpochMilli() - previousAt.toEpochMilli()) / 1000.0);
                rate = Math.max(0, r.eventsIngested() - previous.eventsIngested()) / seconds;
                for (Map.Entry<String, Long> e : r.requestTotals().entrySet()) {
                    long d = e.getValue() - previous.requestTotals().getOrDefault(e.getKey(), 0L);
                    if (d > 0) requests.put(e.getKey(), d);
                }
            }
            samples.addLast(new Sample(now, Math.round(rate * 10) / 10.0, r.lagEvents(), r.queueDepth(), r.deadLetters(),
                    requests, Math.round(r.budgetUsePercent() * 10) / 10.0));
            while (samples.size() > capacity) samples.removeFirst();
            previous = r;
            previousAt = now;
        }
    }

    /** Oldest first. */
    public synchronized List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    @Override
    public void close() {
        if (thread != null) thread.interrupt();
    }
}
