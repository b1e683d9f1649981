package io.emarsysdest.store.eventlog;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Keeps {@link LogIndex} up to the log's head in the background: a chunk at a time (up to {@link #CHUNK_EVENTS}
 * events), as soon as {@link #EAGER_EVENTS} are waiting or after {@link #MAX_DELAY} otherwise. Big chunks make the
 * index cheap to write; until an event is indexed the log's writer finds its message id in memory instead.
 * Each chunk rewrites most leaf pages of the hash-keyed b-tree whatever its size, so waiting 10 s rather than 1 s
 * cuts the index's disk writes about tenfold at moderate rates (and with them the log's fsync stalls).
 */
final class LogIndexer implements AutoCloseable {
    static final int CHUNK_EVENTS = 200_000;
    static final int EAGER_EVENTS = 200_000;
    static final Duration MAX_DELAY = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(LogIndexer.class);

    private final HikariDataSource events;
    private final LogIndex index;
    private final LongSupplier head;
    private final AtomicLong pruneThrough = new AtomicLong();
    private final ConcurrentLinkedQueue<Committed> feed = new ConcurrentLinkedQueue<>();
    private final Object wake = new Object();
    private volatile boolean running = true;
    private volatile boolean failing;
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean indexNow;
    private Thread thread;

    LogIndexer(HikariDataSource events, LogIndex index, LongSupplier head) {
        this.events = events;
        this.index = index;
        this.head = head;
    }

    /** Indexes everything up to the head now, on the caller's thread (at open, before appends start). */
    void catchUp() throws SQLException {
        if (index.indexedThrough() > head.getAsLong()) {
            log.warn("the event index is ahead of the log (indexed through {}, log head {}): rebuilding it", index.indexedThrough(), head.getAsLong());
            index.reset();
        }
        long behind = head.getAsLong() - index.indexedThrough();
        if (behind > 0) log.info("indexing {} events of the log", behind);
        while (index.indexedThrough() < head.getAsLong()) indexChunk();
    }

    void start() {
        thread = Thread.ofPlatform().name("event-log-indexer").daemon(true).start(this::loop);
    }

    /** Asks the indexer thread to drop index entries up to {@code through} (events pruned from the log). */
    void pruneThrough(long through) {
        pruneThrough.accumulateAndGet(through, Math::max);
        wakeUp();
    }

    void wakeUp() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /** Indexes what is waiting now rather than when {@link #MAX_DELAY} is up (for callers that wait for the index). */
    void indexNow() {
        indexNow = true;
        wakeUp();
    }

    boolean isHealthy() {
        return !failing && thread != null && thread.isAlive();
    }

    /** Failed attempts to write the index since start (each is retried a second later). */
    long failures() {
        return failures.get();
    }

    private void loop() {
        long lastIndexed = System.nanoTime();
        long pruned = 0;
        while (running) {
            try {
                long behind = head.getAsLong() - index.indexedThrough();
                boolean due = behind > 0 && (indexNow || System.nanoTime() - lastIndexed >= MAX_DELAY.toNanos());
                if (behind >= EAGER_EVENTS || due) {
                    indexNow = false;
                    indexChunk();
                    lastIndexed = System.nanoTime();
                } else if (pruneThrough.get() > pruned) {
                    long through = Math.min(pruneThrough.get(), index.indexedThrough());
                    index.prune(through);
                    pruned = through;
                } else {
                    synchronized (wake) {
                        wake.wait(100);
                    }
                }
                failing = false;
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                failing = true;
                failures.incrementAndGet();
                log.error("indexing the event log failed; retrying", e);
                sleep();
            }
        }
    }

    /** Committed events, in offset order, as the log's writer hands them over (so they need not be read back). */
    record Committed(long[] offsets, long[] messageIds, long[] userIds, long[] anonymousIds) {
    }

    /** Called by the log's writer after each commit, in commit order. */
    void committed(Committed batch) {
        if (batch.offsets().length > 0) feed.add(batch);
    }

    private void indexChunk() throws SQLException {
        long from = index.indexedThrough();
        Committed first = feed.peek();
        if (first != null && first.offsets()[0] == from + 1) {
            indexFromFeed();
            return;
        }
        // At open (events committed before this process), or if the feed does not start where the index ends.
        long through = Math.min(head.getAsLong(), from + CHUNK_EVENTS);
        LogIndex.Chunk chunk = new LogIndex.Chunk((int) (through - from));
        try (Connection c = events.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT \"offset\", message_id, user_id, anonymous_id FROM events "
                     + "WHERE \"offset\" > ? AND \"offset\" <= ? ORDER BY \"offset\"")) {
            s.setLong(1, from);
            s.setLong(2, through);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) chunk.add(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4));
            }
        }
        chunk.through = through;
        index.index(chunk);
        while ((first = feed.peek()) != null && first.offsets()[first.offsets().length - 1] <= through) feed.poll();
    }

    private void indexFromFeed() throws SQLException {
        LogIndex.Chunk chunk = new LogIndex.Chunk(EAGER_EVENTS);
        int taken = 0;
        for (Committed b : feed) {
            if (chunk.size >= CHUNK_EVENTS) break;
            for (int i = 0; i < b.offsets().length; i++) chunk.add(b.offsets()[i], b.messageIds()[i], b.userIds()[i], b.anonymousIds()[i]);
            taken++;
        }
        index.index(chunk);
        for (int i = 0; i < taken; i++) feed.poll(); // only once written: a failed chunk is retried from the feed
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        wakeUp();
        if (thread != null) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
