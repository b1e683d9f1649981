package io.emarsysdest.store.eventlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.ingest.Rejection;
import io.emarsysdest.core.log.AppendResult;
import io.emarsysdest.core.log.EventCodec;
import io.emarsysdest.core.log.EventLog;
import io.emarsysdest.core.log.LogOverloadedException;
import io.emarsysdest.core.log.LogUnavailableException;
import io.emarsysdest.store.Migrations;
import io.emarsysdest.store.sqlite.SqliteDataSources;
import io.emarsysdest.store.sqlite.WalCheckpointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The event log in an embedded SQLite file, with group commit: request threads enqueue their events, one writer
 * thread commits everything waiting in a single transaction (one fsync for many requests) and then completes their
 * futures. So throughput grows with load while each request waits for at most about one commit.
 *
 * <p>The log table has no secondary index, so a commit appends pages at its end. The indexes (message id for
 * de-duplication, userId/anonymousId for a person's history) live in {@code <name>-index.db}, written in large
 * batches by {@link LogIndexer}; the message ids of committed events it has not indexed yet are kept in memory
 * ({@link UnindexedHashes}), so de-duplication sees every committed event.
 */
public final class SqliteEventLog implements EventLog {
    private static final Logger log = LoggerFactory.getLogger(SqliteEventLog.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_EVENTS_PER_COMMIT = 20_000;
    private static final int MAX_STORED_REJECTED_ITEM_CHARS = 64 * 1024;
    /** Appends are refused (overloaded) while more committed events than this wait for the background indexer. */
    static final int MAX_UNINDEXED_EVENTS = 1_000_000;
    private static final int IN_CHUNK = 500;
    private static final int PRUNE_SLICE = 10_000;
    private static final java.time.Duration CHECKPOINT_INTERVAL = java.time.Duration.ofMillis(500);

    private record Encoded(String messageId, long hash, long userHash, long anonymousHash, String type, String userId, String anonymousId, long receivedAt, long eventTime, byte[] body) {
    }

    private record Pending(List<Event> originals, List<Encoded> events, List<Rejection> rejections, Instant receivedAt, CompletableFuture<AppendResult> done) {
    }

    /**
     * The most recently committed events, by offset modulo its size: the processor usually reads what was just
     * written, and takes it from here instead of decoding it from the file again.
     */
    private final Event[] recent = new Event[1 << 14];
    /** Where the sequential reader has got (written by it, read by the log's writer). */
    private volatile long recentForgottenThrough;

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedEvents = new AtomicInteger();
    private final int maxQueuedEvents;
    private final HikariDataSource readers;
    private final Path file;
    private Connection writer; // the writer thread's; replaced after a failed commit
    private final Thread writerThread;
    private final LogIndex index;
    private final LogIndexer indexer;
    private final LogIndex.Lookup indexLookup;
    private final WalCheckpointer checkpointer;
    private final UnindexedHashes unindexed = new UnindexedHashes();
    private final UnindexedIdentifiers unindexedIdentifiers = new UnindexedIdentifiers();
    private PreparedStatement insert; // the writer thread's, prepared once (again after a failed commit)
    private long failuresNotLogged;
    private long failedCommits;
    private long lastFailureLoggedAt;
    private PreparedStatement reject;
    private final List<Long> candidates = new ArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean accepting = true;
    private boolean closed;
    private volatile boolean lastWriteFailed;
    private volatile long head;

    private SqliteEventLog(Path file, int maxQueuedEvents) throws SQLException {
        this.file = file;
        this.maxQueuedEvents = maxQueuedEvents;
        this.readers = SqliteDataSources.pool(file, "event-log-readers", 4);
        Migrations.migrate(readers, "db/events/sqlite");
        this.writer = SqliteDataSources.writerConnection(file);
        this.checkpointer = WalCheckpointer.start(file, CHECKPOINT_INTERVAL);
        this.writer.setAutoCommit(false);
        try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(\"offset\"), 0) FROM events")) {
            rs.next();
            this.head = rs.getLong(1);
        }
        writer.commit();
        this.index = LogIndex.open(indexFile(file));
        this.indexer = new LogIndexer(readers, index, () -> head);
        indexer.catchUp();
        indexer.start();
        this.indexLookup = index.lookup();
        this.writerThread = Thread.ofPlatform().name("event-log-writer").daemon(false).start(this::writeLoop);
    }

    /** Waits until the background indexer has indexed every committed event (tests and benchmarks). */
    void awaitIndexed(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (index.indexedThrough() < head) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the index did not catch up in " + timeout);
            indexer.indexNow();
            Thread.sleep(20);
        }
    }

    /** Test hook: runs on the index's writer connection (a page limit there makes its next chunk fail as a full disk). */
    void onIndexWriter(java.util.function.Consumer<Connection> action) throws SQLException {
        index.onWriter(action);
    }

    /** Asks the background indexer to index what is waiting now (tests). */
    void indexNowForTest() {
        indexer.indexNow();
    }

    /** Failed attempts to write the background index since open. */
    long indexFailures() {
        return indexer.failures();
    }

    /** Events committed but not yet in the background index (appends are refused above 1,000,000). */
    public long unindexedEvents() {
        return Math.max(0, head - index.indexedThrough());
    }

    static Path indexFile(Path logFile) {
        String name = logFile.getFileName().toString();
        String base = name.endsWith(".db") ? name.substring(0, name.length() - 3) : name;
        return logFile.resolveSibling(base + "-index.db");
    }

    /**
     * Opens (creating and migrating when needed) the log in {@code file}.
     *
     * @param maxQueuedEvents how many events may wait for a commit before appends are refused as overloaded
     */
    public static SqliteEventLog open(Path file, int maxQueuedEvents) {
        try {
            return new SqliteEventLog(file, maxQueuedEvents);
        } catch (SQLException e) {
            throw new LogUnavailableException("cannot open the event log at " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public CompletableFuture<AppendResult> append(List<Event> events) {
        if (!accepting) return CompletableFuture.failedFuture(new LogUnavailableException("the event log is closing", null));
        if (queuedEvents.get() + events.size() > maxQueuedEvents) {
            return CompletableFuture.failedFuture(new LogOverloadedException(
                    queuedEvents.get() + " events are waiting to be written; try again shortly"));
        }
        if (head - index.indexedThrough() > MAX_UNINDEXED_EVENTS) {
            indexer.wakeUp();
            return CompletableFuture.failedFuture(new LogOverloadedException(
                    (head - index.indexedThrough()) + " events are waiting to be indexed; try again shortly"));
        }
        List<Encoded> encoded = new ArrayList<>(events.size());
        for (Event e : events) {
            encoded.add(new Encoded(e.messageId(), IdHash.messageId(e.messageId()),
                    e.userId() == null ? 0 : IdHash.userId(e.userId()), e.anonymousId() == null ? 0 : IdHash.anonymousId(e.anonymousId()),
                    e.type().wireName(), e.userId(), e.anonymousId(),
                    e.receivedAt().toEpochMilli(), e.timestamp().toEpochMilli(), EventCodec.encode(e)));
        }
        CompletableFuture<AppendResult> done = new CompletableFuture<>();
        queuedEvents.addAndGet(events.size());
        queue.add(new Pending(events, encoded, List.of(), null, done));
        return done;
    }

    @Override
    public void recordRejections(List<Rejection> rejections, Instant receivedAt) {
        if (rejections.isEmpty() || !accepting) return;
        queue.add(new Pending(List.of(), List.of(), rejections, receivedAt, new CompletableFuture<>()));
    }

    private void writeLoop() {
        List<Pending> group = new ArrayList<>();
        while (accepting || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                group.add(first);
                int events = first.events().size();
                Pending next;
                while (events < MAX_EVENTS_PER_COMMIT && (next = queue.poll()) != null) {
                    group.add(next);
                    events += next.events().size();
                }
                commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                group.clear();
            }
        }
    }

    /** Test seam: runs on the writer thread with its connection before the next commit, then is cleared. */
    volatile java.util.function.Consumer<Connection> beforeNextCommit;

    private void commit(List<Pending> group) {
        if (lastWriteFailed && !recoverWriter(group)) return;
        java.util.function.Consumer<Connection> hook = beforeNextCommit;
        if (hook != null) {
            beforeNextCommit = null;
            hook.accept(writer);
        }
        long offset = head;
        int[] appended = new int[group.size()];
        int size = 0;
        for (Pending p : group) size += p.events().size();
        List<Event> committed = new ArrayList<>(size);
        List<Encoded> committedIds = new ArrayList<>(size);
        Set<String> inGroup = new HashSet<>(size * 2);
        int total = 0;
        try {
            if (insert == null) {
                insert = writer.prepareStatement("INSERT INTO events (\"offset\", message_id, type, user_id, anonymous_id, received_at, event_time, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                reject = writer.prepareStatement("INSERT INTO rejected_events (received_at, item_index, reason, problems, item) VALUES (?, ?, ?, ?, ?)");
            }
            for (int g = 0; g < group.size(); g++) {
                Pending p = group.get(g);
                for (int i = 0; i < p.events().size(); i++) {
                    Encoded e = p.events().get(i);
                    if (!inGroup.add(e.messageId()) || isStored(e)) continue; // messageId seen before: a client retry
                    insert.setLong(1, offset + 1);
                    insert.setString(2, e.messageId());
                    insert.setString(3, e.type());
                    insert.setString(4, e.userId());
                    insert.setString(5, e.anonymousId());
                    insert.setLong(6, e.receivedAt());
                    insert.setLong(7, e.eventTime());
                    insert.setBytes(8, e.body());
                    insert.executeUpdate();
                    offset++;
                    committedIds.add(e);
                    committed.add(p.originals().get(i).withOffset(offset));
                    appended[g]++;
                }
                for (Rejection r : p.rejections()) {
                    reject.setLong(1, p.receivedAt().toEpochMilli());
                    reject.setInt(2, r.index());
                    reject.setString(3, r.reason());
                    reject.setString(4, MAPPER.writeValueAsString(r.problems()));
                    String item = r.item() == null ? null : r.item().toString();
                    reject.setString(5, item != null && item.length() > MAX_STORED_REJECTED_ITEM_CHARS ? item.substring(0, MAX_STORED_REJECTED_ITEM_CHARS) : item);
                    reject.addBatch();
                }
                total += appended[g];
            }
            reject.executeBatch();
            writer.commit();
            // Kept only if the reader will get to it before the ring wraps: while processing lags further, the reader
            // takes events from the file anyway, and filling the ring would only give the collector work.
            long keepBelow = recentForgottenThrough + recent.length;
            for (Event e : committed) if (e.offset() <= keepBelow) recent[(int) (e.offset() & (recent.length - 1))] = e;
            int n = committed.size();
            long[] offsets = new long[n], messageIds = new long[n], userIds = new long[n], anonymousIds = new long[n];
            for (int i = 0; i < n; i++) {
                Encoded e = committedIds.get(i);
                offsets[i] = committed.get(i).offset();
                messageIds[i] = e.hash();
                userIds[i] = e.userHash();
                anonymousIds[i] = e.anonymousHash();
                unindexed.add(e.hash(), offsets[i]);
            }
            unindexedIdentifiers.add(offsets, userIds, anonymousIds); // before the indexer can see (and drop) them
            indexer.committed(new LogIndexer.Committed(offsets, messageIds, userIds, anonymousIds));
            unindexed.dropThrough(index.indexedThrough());
            unindexedIdentifiers.dropThrough(index.indexedThrough());
            head = offset; // volatile write publishes the ring entries above
            if (lastWriteFailed) log.info("event log writes again after {} failed commits", failedCommits);
            lastWriteFailed = false;
            failuresNotLogged = 0;
            failedCommits = 0;
        } catch (Exception e) {
            lastWriteFailed = true;
            // Nothing of the group is kept (its clients are told so). The connection itself is not trusted again:
            // SQLite may have rolled the transaction back on its own (SQLITE_FULL does), after which the driver's
            // statements no longer execute and its connection would run later inserts outside any transaction.
            // recoverWriter() replaces it before the next group.
            closeStatements();
            failGroup(group, e);
            return;
        }
        // Listeners first: whoever saw its append complete may rely on them having heard of it.
        if (total > 0) {
            for (Runnable l : listeners) {
                try {
                    l.run();
                } catch (RuntimeException e) {
                    log.warn("append listener failed", e);
                }
            }
        }
        for (int g = 0; g < group.size(); g++) {
            Pending p = group.get(g);
            queuedEvents.addAndGet(-p.events().size());
            p.done().complete(new AppendResult(appended[g], p.events().size() - appended[g]));
        }
    }

    /** True when an event with this message id is already in the log (in memory or in the index, then checked). */
    /**
     * After a failed commit: a fresh writer connection, and nothing in the file past the head (rows SQLite may have
     * written although it reported the commit as failed: their clients were answered 503). False, and the group
     * answered unavailable, while that does not work either (the disk is still full).
     */
    private boolean recoverWriter(List<Pending> group) {
        closeStatements();
        try {
            writer.close(); // rolls back whatever is still open
        } catch (SQLException ignored) {
            // replaced anyway
        }
        try {
            writer = SqliteDataSources.writerConnection(file);
            writer.setAutoCommit(false);
            try (PreparedStatement ps = writer.prepareStatement("DELETE FROM events WHERE \"offset\" > ?")) {
                ps.setLong(1, head);
                int dropped = ps.executeUpdate();
                if (dropped > 0) log.warn("dropped {} events past the log's head that a failed commit left behind", dropped);
            }
            writer.commit();
            return true;
        } catch (SQLException e) {
            failGroup(group, e);
            return false;
        }
    }

    /** Answers every request of the group as unavailable (nothing of it was kept) and reports the failure. */
    private void failGroup(List<Pending> group, Exception e) {
        logFailure(group.size(), e);
        for (Pending p : group) {
            queuedEvents.addAndGet(-p.events().size());
            p.done().completeExceptionally(new LogUnavailableException("the event log could not write: " + e.getMessage(), e));
        }
    }

    private void closeStatements() {
        for (PreparedStatement ps : new PreparedStatement[]{insert, reject}) {
            try {
                if (ps != null) ps.close();
            } catch (SQLException ignored) {
                // replaced anyway
            }
        }
        insert = null;
        reject = null;
    }

    /** The first failure in full, then a line at most every 10 s while they go on (a full disk fails every group). */
    private void logFailure(int requests, Exception e) {
        failedCommits++;
        long now = System.nanoTime();
        if (failuresNotLogged > 0 && now - lastFailureLoggedAt < 10_000_000_000L) {
            failuresNotLogged++;
            return;
        }
        if (failuresNotLogged == 0) log.error("event log commit failed; {} requests answered as unavailable", requests, e);
        else log.error("event log commits still failing ({} more since the last report): {}", failuresNotLogged, e.toString());
        failuresNotLogged = 1;
        lastFailureLoggedAt = now;
    }

    private boolean isStored(Encoded e) throws SQLException {
        candidates.clear();
        unindexed.forEach(e.hash(), candidates::add);
        if (index.mightContain(e.hash())) indexLookup.forEach(e.hash(), candidates::add);
        if (candidates.isEmpty()) return false;
        try (Connection c = readers.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT message_id FROM events WHERE \"offset\" = ?")) {
            for (long o : candidates) {
                s.setLong(1, o);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next() && e.messageId().equals(rs.getString(1))) return true;
                }
            }
        }
        return false;
    }

    @Override
    public List<Event> readAfter(long afterOffset, int max) {
        forgetRecentThrough(afterOffset);
        long last = Math.min(head, afterOffset + max);
        List<Event> fromMemory = new ArrayList<>((int) Math.max(0, last - afterOffset));
        for (long o = afterOffset + 1; o <= last; o++) {
            Event e = recent[(int) (o & (recent.length - 1))];
            if (e == null || e.offset() != o) break;
            fromMemory.add(e);
        }
        // A partial hit is fine: the caller asks again from where this ends.
        return fromMemory.isEmpty() ? readStored(afterOffset, max) : fromMemory;
    }

    /**
     * Events up to where the sequential reader (the processor) has got are not read again: dropping them from the
     * ring at once keeps them from living on into the old generation, where collecting them is expensive.
     */
    private void forgetRecentThrough(long offset) {
        long from = Math.max(recentForgottenThrough, offset - recent.length);
        for (long o = from + 1; o <= offset; o++) {
            int slot = (int) (o & (recent.length - 1));
            Event e = recent[slot];
            if (e != null && e.offset() == o) recent[slot] = null;
        }
        recentForgottenThrough = Math.max(recentForgottenThrough, offset);
    }

    private List<Event> readStored(long afterOffset, int max) {
        try (Connection c = readers.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT \"offset\", body FROM events WHERE \"offset\" > ? ORDER BY \"offset\" LIMIT ?")) {
            s.setLong(1, afterOffset);
            s.setInt(2, max);
            List<Event> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(EventCodec.decode(rs.getLong(1), rs.getBytes(2)));
            }
            return out;
        } catch (SQLException e) {
            throw new LogUnavailableException("cannot read the event log: " + e.getMessage(), e);
        }
    }

    /** The newest stored events, oldest of them first, for operators (read from the file: the ring is the processor's). */
    public List<Event> newest(int max) {
        long from = Math.max(0, head - max);
        return readStored(from, max);
    }

    /** The stored event at {@code offset}, for operators (read from the file); empty when pruned or not there yet. */
    public java.util.Optional<Event> at(long offset) {
        if (offset < 1) return java.util.Optional.empty();
        List<Event> one = readStored(offset - 1, 1);
        return one.isEmpty() || one.get(0).offset() != offset ? java.util.Optional.empty() : java.util.Optional.of(one.get(0));
    }

    /** Recent rejected items, newest first, for operators. */
    public List<RejectedItem> recentRejections(int max) {
        try (Connection c = readers.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, received_at, item_index, reason, problems, item FROM rejected_events ORDER BY id DESC LIMIT ?")) {
            s.setInt(1, max);
            List<RejectedItem> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new RejectedItem(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getInt(3), rs.getString(4),
                            MAPPER.readTree(rs.getString(5)), rs.getString(6) == null ? null : MAPPER.readTree(rs.getString(6))));
                }
            }
            return out;
        } catch (Exception e) {
            throw new LogUnavailableException("cannot read rejected events: " + e.getMessage(), e);
        }
    }

    /** Events stored for any of the given identifiers, newest first. */
    public List<Event> eventsFor(Collection<String> userIds, Collection<String> anonymousIds, int max) {
        List<Long> offsets = new ArrayList<>(candidates(userIds, anonymousIds).descendingSet());
        List<Event> out = new ArrayList<>();
        try (Connection c = readers.getConnection()) {
            for (int from = 0; from < offsets.size() && out.size() < max; from += IN_CHUNK) {
                List<Long> part = offsets.subList(from, Math.min(offsets.size(), from + IN_CHUNK));
                try (PreparedStatement s = ofIdentifiers(c, "SELECT \"offset\", body FROM events", part, userIds, anonymousIds, " ORDER BY \"offset\" DESC")) {
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next() && out.size() < max) out.add(EventCodec.decode(rs.getLong(1), rs.getBytes(2)));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new LogUnavailableException("cannot read the event log: " + e.getMessage(), e);
        }
    }

    /** Deletes every stored event of the given identifiers (a privacy request); returns how many. */
    public int purge(Collection<String> userIds, Collection<String> anonymousIds) {
        List<Long> offsets = new ArrayList<>(candidates(userIds, anonymousIds));
        int deleted = 0;
        try (Connection c = readers.getConnection()) {
            for (int from = 0; from < offsets.size(); from += IN_CHUNK) {
                List<Long> part = offsets.subList(from, Math.min(offsets.size(), from + IN_CHUNK));
                try (PreparedStatement s = ofIdentifiers(c, "DELETE FROM events", part, userIds, anonymousIds, "")) {
                    deleted += s.executeUpdate();
                }
            }
            return deleted;
        } catch (SQLException e) {
            throw new LogUnavailableException("cannot purge events: " + e.getMessage(), e);
        }
    }

    /** {@code <statement> WHERE} the event is at one of {@code offsets} and carries one of the identifiers. */
    private static PreparedStatement ofIdentifiers(Connection c, String statement, List<Long> offsets, Collection<String> userIds,
                                                   Collection<String> anonymousIds, String suffix) throws SQLException {
        PreparedStatement s = c.prepareStatement(statement + " WHERE \"offset\" IN (" + placeholders(offsets.size()) + ") AND ("
                + inClause("user_id", userIds) + " OR " + inClause("anonymous_id", anonymousIds) + ")" + suffix);
        int i = bindLongs(s, 1, offsets);
        i = bind(s, i, userIds);
        bind(s, i, anonymousIds);
        return s;
    }

    /**
     * Offsets that may hold events of these identifiers: those of the events not indexed yet (in memory), then the
     * index's. In that order, nothing falls between: what leaves the memory was indexed first. Callers check the rows.
     */
    private TreeSet<Long> candidates(Collection<String> userIds, Collection<String> anonymousIds) {
        TreeSet<Long> out = new TreeSet<>();
        if (userIds.isEmpty() && anonymousIds.isEmpty()) return out;
        List<Long> hashes = new ArrayList<>();
        for (String u : userIds) hashes.add(IdHash.userId(u));
        for (String a : anonymousIds) hashes.add(IdHash.anonymousId(a));
        unindexedIdentifiers.forEach(hashes, out::add);
        out.addAll(index.offsetsOf(hashes));
        return out;
    }

    private static String placeholders(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }

    private static String inClause(String column, Collection<String> values) {
        if (values.isEmpty()) return "0";
        return column + " IN (" + placeholders(values.size()) + ")";
    }

    private static int bind(PreparedStatement s, int start, Collection<String> values) throws SQLException {
        int i = start;
        for (String v : values) s.setString(i++, v);
        return i;
    }

    private static int bindLongs(PreparedStatement s, int start, List<Long> values) throws SQLException {
        int i = start;
        for (long v : values) s.setLong(i++, v);
        return i;
    }

    @Override
    public long headOffset() {
        return head;
    }

    @Override
    public void onAppend(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public boolean isHealthy() {
        if (closed || !writerThread.isAlive() || lastWriteFailed || !indexer.isHealthy()) return false;
        try (Connection c = readers.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public int pruneBefore(Instant olderThan, long processedOffset) {
        // Only events already applied to the state may go; their messageIds go with them. Offsets follow arrival
        // order, so the old events are a prefix of the log: it is deleted by offset range, a slice at a time, so
        // the writer never waits long for the file's write lock.
        int deleted = 0;
        long cut = 0;
        try (Connection c = readers.getConnection();
             PreparedStatement first = c.prepareStatement("SELECT \"offset\", received_at FROM events ORDER BY \"offset\" LIMIT ?");
             PreparedStatement delete = c.prepareStatement("DELETE FROM events WHERE \"offset\" <= ?")) {
            while (true) {
                first.setInt(1, PRUNE_SLICE);
                long sliceEnd = 0;
                int rows = 0;
                boolean stopped = false;
                try (ResultSet rs = first.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        if (rs.getLong(2) >= olderThan.toEpochMilli() || rs.getLong(1) > processedOffset) {
                            stopped = true;
                            break;
                        }
                        sliceEnd = rs.getLong(1);
                    }
                }
                if (sliceEnd > 0) {
                    delete.setLong(1, sliceEnd);
                    deleted += delete.executeUpdate();
                    cut = sliceEnd;
                }
                if (stopped || rows < PRUNE_SLICE) break;
            }
        } catch (SQLException e) {
            throw new LogUnavailableException("cannot prune the event log: " + e.getMessage(), e);
        }
        if (cut > 0) indexer.pruneThrough(cut);
        return deleted;
    }

    /** Stops accepting, writes everything already queued, then closes the files. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        accepting = false;
        try {
            writerThread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        indexer.close();
        checkpointer.close();
        try {
            indexLookup.close();
        } catch (SQLException e) {
            log.warn("closing the event index lookup failed", e);
        }
        index.close();
        try {
            writer.close();
        } catch (SQLException e) {
            log.warn("closing the event log writer failed", e);
        }
        readers.close();
    }
}
