package io.emarsysdest.store.eventlog;

import com.zaxxer.hikari.HikariDataSource;
import io.emarsysdest.store.Migrations;
import io.emarsysdest.store.sqlite.SqliteDataSources;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * The event log's indexes (message id → offset for de-duplication, identifier → offsets for a person's history), in
 * their own SQLite file. Only {@link #index} writes, from one indexer thread, in large sorted batches; lookups use
 * other connections (WAL: they never wait for it). Written without fsync ({@code synchronous=OFF}): its checkpoints
 * would otherwise flush ~100 MB every 10 s at high rates and stall the log's own fsyncs. A crash of the process loses
 * nothing; after a crash of the machine {@link UnsyncedFileGuard} has it rebuilt from the log.
 */
final class LogIndex implements AutoCloseable {
    private static final int IN_CHUNK = 500;

    private final Path file;
    private Connection writer; // the indexer thread's; replaced after a failed transaction
    private final HikariDataSource readers;
    private volatile long indexedThrough;
    private volatile MessageIdFilter filter;

    private final UnsyncedFileGuard guard;

    private LogIndex(Path file) throws SQLException {
        this.file = file;
        guard = UnsyncedFileGuard.open(file);
        readers = SqliteDataSources.pool(file, "event-index-readers", 3);
        try {
            Migrations.migrate(readers, "db/events-index/sqlite");
            writer = openWriter(file);
            try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery("SELECT indexed_through FROM index_state WHERE id = 1")) {
                indexedThrough = rs.next() ? rs.getLong(1) : 0;
            }
            writer.commit();
            rebuildFilter();
        } catch (SQLException | RuntimeException e) {
            readers.close();
            throw e;
        }
    }

    private static Connection openWriter(Path file) throws SQLException {
        Connection c = SqliteDataSources.connection(file, false);
        c.setAutoCommit(false);
        return c;
    }

    /**
     * After a failed write the writer connection is replaced: SQLite rolls back by itself on SQLITE_FULL or an I/O
     * error, the driver's rollback then fails and leaves the connection committing statement by statement, and
     * every later commit would fail with "no transaction is active". A fresh connection works as soon as the disk
     * has room again (the caller rethrows {@code e}; the chunk is retried from its source).
     */
    private void replaceWriter(Exception e) {
        try {
            writer.rollback();
        } catch (SQLException rollback) {
            e.addSuppressed(rollback);
        }
        try {
            writer.close();
        } catch (SQLException ignored) {
            // replaced anyway
        }
        try {
            writer = openWriter(file);
        } catch (SQLException reopen) {
            e.addSuppressed(reopen);
            writer = null;
        }
    }

    /** The writer, reopened if the last attempt to replace it failed too. */
    private Connection writer() throws SQLException {
        if (writer == null) writer = openWriter(file);
        return writer;
    }

    /** Test hook: runs on the writer connection (say, a page limit that makes the next write fail as a full disk). */
    void onWriter(java.util.function.Consumer<Connection> action) throws SQLException {
        action.accept(writer());
    }

    /** False when no indexed event has a message id with this hash; true when one may (then look it up). */
    boolean mightContain(long messageIdHash) {
        return filter.mightContain(messageIdHash);
    }

    /** Builds the Bloom filter from the index, sized for twice what it holds. Indexer thread (or open) only. */
    void rebuildFilter() throws SQLException {
        MessageIdFilter fresh;
        try {
            long count;
            try (Statement s = writer().createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT (SELECT COUNT(*) FROM message_ids) + (SELECT COUNT(*) FROM message_id_collisions)")) {
                count = rs.next() ? rs.getLong(1) : 0;
            }
            fresh = new MessageIdFilter(Math.max(4_000_000, 2 * count));
            try (Statement s = writer.createStatement();
                 ResultSet rs = s.executeQuery("SELECT hash FROM message_ids UNION ALL SELECT hash FROM message_id_collisions")) {
                while (rs.next()) fresh.add(rs.getLong(1));
            }
            writer.commit();
        } catch (SQLException | RuntimeException e) {
            replaceWriter(e);
            throw e;
        }
        filter = fresh;
    }

    /** Opens the index; one that cannot be read (damaged, not a database) is deleted and rebuilt from the log. */
    static LogIndex open(Path file) throws SQLException {
        try {
            return new LogIndex(file);
        } catch (SQLException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(LogIndex.class).warn("the event index cannot be opened ({}): rebuilding it from the log", e.getMessage());
            try {
                UnsyncedFileGuard.deleteWithJournal(file);
            } catch (java.io.IOException io) {
                e.addSuppressed(io);
                throw e;
            }
            return new LogIndex(file);
        }
    }

    /** Every event with an offset up to this one is in the index. */
    long indexedThrough() {
        return indexedThrough;
    }

    /** One chunk of the log to index: its events in offset order, with their hashes. */
    static final class Chunk {
        long through;
        long[] offsets;
        long[] messageIds;
        /** (identifier hash, offset) pairs: the events' userIds and anonymousIds. */
        long[] idHashes;
        long[] idOffsets;
        int size;
        int ids;

        Chunk(int capacity) {
            int c = Math.max(16, capacity);
            offsets = new long[c];
            messageIds = new long[c];
            idHashes = new long[2 * c];
            idOffsets = new long[2 * c];
        }

        void add(long offset, String messageId, String userId, String anonymousId) {
            add(offset, IdHash.messageId(messageId), userId == null ? 0 : IdHash.userId(userId),
                    anonymousId == null ? 0 : IdHash.anonymousId(anonymousId));
        }

        /** A hash of 0 means "none" (a 1 in 2^64 chance of a real 0 only costs that event its history entry). */
        void add(long offset, long messageIdHash, long userIdHash, long anonymousIdHash) {
            if (size == offsets.length) {
                offsets = Arrays.copyOf(offsets, size * 2);
                messageIds = Arrays.copyOf(messageIds, size * 2);
                idHashes = Arrays.copyOf(idHashes, size * 4);
                idOffsets = Arrays.copyOf(idOffsets, size * 4);
            }
            offsets[size] = offset;
            messageIds[size] = messageIdHash;
            size++;
            through = Math.max(through, offset);
            if (userIdHash != 0) identifier(userIdHash, offset);
            if (anonymousIdHash != 0 && anonymousIdHash != userIdHash) identifier(anonymousIdHash, offset);
        }

        private void identifier(long hash, long offset) {
            idHashes[ids] = hash;
            idOffsets[ids] = offset;
            ids++;
        }
    }

    /** Writes a chunk in one transaction and moves {@link #indexedThrough} to its end. Indexer thread only. */
    void index(Chunk chunk) throws SQLException {
        try {
            writer();
            writeMessageIds(chunk);
            writeIdentifiers(chunk);
            try (PreparedStatement s = writer.prepareStatement("UPDATE index_state SET indexed_through = ? WHERE id = 1")) {
                s.setLong(1, chunk.through);
                s.executeUpdate();
            }
            writer.commit();
        } catch (SQLException | RuntimeException e) {
            replaceWriter(e);
            throw e;
        }
        MessageIdFilter f = filter;
        for (int i = 0; i < chunk.size; i++) f.add(chunk.messageIds[i]);
        indexedThrough = chunk.through; // publishes the filter's new bits to the log's writer thread
        if (f.isOverfull()) rebuildFilter();
    }

    private void writeMessageIds(Chunk chunk) throws SQLException {
        // Sorted by key, the b-tree is written front to back (far fewer page visits than in arrival order).
        long[] hashes = Arrays.copyOf(chunk.messageIds, chunk.size);
        long[] offsets = Arrays.copyOf(chunk.offsets, chunk.size);
        PairSort.sort(hashes, offsets, chunk.size);
        List<long[]> taken = new ArrayList<>();
        try (PreparedStatement s = writer.prepareStatement("INSERT OR IGNORE INTO message_ids (hash, \"offset\") VALUES (?, ?)")) {
            for (int i = 0; i < chunk.size; i++) {
                s.setLong(1, hashes[i]);
                s.setLong(2, offsets[i]);
                s.addBatch();
            }
            int[] counts = s.executeBatch();
            for (int i = 0; i < counts.length; i++) if (counts[i] == 0) taken.add(new long[]{hashes[i], offsets[i]});
        }
        if (taken.isEmpty()) return;
        // The hash is already there: the same event indexed again, or another message id with the same hash.
        try (PreparedStatement find = writer.prepareStatement("SELECT \"offset\" FROM message_ids WHERE hash = ?");
             PreparedStatement collide = writer.prepareStatement("INSERT OR IGNORE INTO message_id_collisions (hash, \"offset\") VALUES (?, ?)")) {
            for (long[] p : taken) {
                find.setLong(1, p[0]);
                try (ResultSet rs = find.executeQuery()) {
                    if (rs.next() && rs.getLong(1) == p[1]) continue;
                }
                collide.setLong(1, p[0]);
                collide.setLong(2, p[1]);
                collide.executeUpdate();
            }
        }
    }

    private void writeIdentifiers(Chunk chunk) throws SQLException {
        // One row per identifier: sort the (hash, offset) pairs by hash, then each run's offsets into order.
        long[] hashes = Arrays.copyOf(chunk.idHashes, chunk.ids);
        long[] offsets = Arrays.copyOf(chunk.idOffsets, chunk.ids);
        PairSort.sort(hashes, offsets, chunk.ids);
        try (PreparedStatement s = writer.prepareStatement("INSERT OR REPLACE INTO identifier_events (hash, chunk, offsets) VALUES (?, ?, ?)")) {
            for (int start = 0, end; start < chunk.ids; start = end) {
                end = start + 1;
                while (end < chunk.ids && hashes[end] == hashes[start]) end++;
                Arrays.sort(offsets, start, end);
                s.setLong(1, hashes[start]);
                s.setLong(2, chunk.through);
                s.setBytes(3, OffsetList.encode(offsets, start, end));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Looks message ids up by hash; one per thread that checks appends (it keeps its statement prepared). */
    final class Lookup implements AutoCloseable {
        private final Connection connection;
        private final PreparedStatement byHash;

        private Lookup() throws SQLException {
            connection = readers.getConnection();
            byHash = connection.prepareStatement("SELECT \"offset\" FROM message_ids WHERE hash = ? "
                    + "UNION ALL SELECT \"offset\" FROM message_id_collisions WHERE hash = ?");
        }

        /** Calls {@code offsets} with each indexed event whose message id has this hash. */
        void forEach(long hash, LongConsumer offsets) throws SQLException {
            byHash.setLong(1, hash);
            byHash.setLong(2, hash);
            try (ResultSet rs = byHash.executeQuery()) {
                while (rs.next()) offsets.accept(rs.getLong(1));
            }
        }

        @Override
        public void close() throws SQLException {
            byHash.close();
            connection.close();
        }
    }

    Lookup lookup() throws SQLException {
        return new Lookup();
    }

    /** Indexed offsets of events that carry any of these identifier hashes (check the events: hashes may collide). */
    TreeSet<Long> offsetsOf(Collection<Long> identifierHashes) {
        TreeSet<Long> out = new TreeSet<>();
        List<Long> all = new ArrayList<>(identifierHashes);
        try (Connection c = readers.getConnection()) {
            for (int from = 0; from < all.size(); from += IN_CHUNK) {
                List<Long> part = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
                try (PreparedStatement s = c.prepareStatement("SELECT offsets FROM identifier_events WHERE hash IN ("
                        + String.join(",", Collections.nCopies(part.size(), "?")) + ")")) {
                    for (int i = 0; i < part.size(); i++) s.setLong(i + 1, part.get(i));
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) for (long o : OffsetList.decode(rs.getBytes(1))) out.add(o);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the event index: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Forgets events up to {@code through} (pruned from the log). Indexer thread only (it is the index's one writer).
     * Stale entries would be harmless (every hit is checked against the log); this keeps the file from growing.
     */
    void prune(long through) throws SQLException {
        try {
            writer();
            for (String sql : List.of("DELETE FROM message_ids WHERE \"offset\" <= ?",
                    "DELETE FROM message_id_collisions WHERE \"offset\" <= ?",
                    "DELETE FROM identifier_events WHERE chunk <= ?")) {
                try (PreparedStatement s = writer.prepareStatement(sql)) {
                    s.setLong(1, through);
                    s.executeUpdate();
                }
            }
            writer.commit();
        } catch (SQLException | RuntimeException e) {
            replaceWriter(e);
            throw e;
        }
    }

    /** Drops everything (the log was emptied or replaced): the indexer starts again from offset 0. */
    void reset() throws SQLException {
        try (Statement s = writer().createStatement()) {
            s.executeUpdate("DELETE FROM message_ids");
            s.executeUpdate("DELETE FROM message_id_collisions");
            s.executeUpdate("DELETE FROM identifier_events");
            s.executeUpdate("UPDATE index_state SET indexed_through = 0 WHERE id = 1");
            writer.commit();
        } catch (SQLException | RuntimeException e) {
            replaceWriter(e);
            throw e;
        }
        indexedThrough = 0;
        rebuildFilter();
    }

    @Override
    public void close() {
        boolean synced = false;
        try {
            writer();
            writer.commit();
            writer.setAutoCommit(true);
            try (Statement s = writer.createStatement()) {
                // Everything into the main file, synced, so the next start can trust it without a rebuild.
                s.execute("PRAGMA synchronous = FULL");
                try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                    synced = rs.next() && rs.getInt(1) == 0; // 1: a reader kept it from finishing
                }
            }
        } catch (SQLException e) {
            org.slf4j.LoggerFactory.getLogger(LogIndex.class).warn("the event index could not be synced at close; it will be checked at the next start", e);
        }
        try {
            if (writer != null) writer.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
        readers.close();
        if (synced) guard.closed();
    }
}
