package io.emarsysdest.store.eventlog;

import java.util.ArrayDeque;
import java.util.function.LongConsumer;

/**
 * Hashes (message ids, identifiers) of committed events that the background indexer has not written yet (its
 * "memtable"), mapped to their offsets,
 * in segments by offset so that indexed ones are dropped a segment at a time. Not thread-safe: the log's writer owns
 * one; {@link UnindexedIdentifiers} wraps another behind a lock.
 */
final class UnindexedHashes {
    static final int SEGMENT_ENTRIES = 1 << 16;

    private record Segment(LongMultiMap map, long[] maxOffset) {
    }

    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private int size;

    void add(long hash, long offset) {
        Segment current = segments.peekLast();
        if (current == null || current.map().isFull()) {
            current = new Segment(new LongMultiMap(SEGMENT_ENTRIES), new long[1]);
            segments.addLast(current);
        }
        current.map().put(hash, offset);
        current.maxOffset()[0] = Math.max(current.maxOffset()[0], offset);
        size++;
    }

    /** Offsets of the events whose message id has this hash (hash collisions included: check the stored event). */
    void forEach(long hash, LongConsumer offsets) {
        for (Segment s : segments) s.map().forEach(hash, offsets);
    }

    /** Forgets whole segments whose events are all in the index (offset ≤ {@code indexedThrough}). */
    void dropThrough(long indexedThrough) {
        while (!segments.isEmpty() && segments.peekFirst().maxOffset()[0] <= indexedThrough) {
            size -= segments.pollFirst().map().size();
        }
    }

    int size() {
        return size;
    }
}
