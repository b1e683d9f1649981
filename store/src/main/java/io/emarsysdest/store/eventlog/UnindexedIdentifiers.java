package io.emarsysdest.store.eventlog;

import java.util.Collection;
import java.util.function.LongConsumer;

/**
 * The userId and anonymousId hashes of committed events that the background indexer has not written yet, so a
 * person's newest events are found in memory instead of by scanning the log's tail (up to {@link
 * LogIndexer#CHUNK_EVENTS} events after a burst). Written by the log's writer after each commit, read by API threads
 * (a person's history, privacy purges), hence the lock; dropped a segment at a time once indexed.
 */
final class UnindexedIdentifiers {
    private final UnindexedHashes hashes = new UnindexedHashes();

    /** @param userIds, anonymousIds per event, 0 where the event has none */
    synchronized void add(long[] offsets, long[] userIds, long[] anonymousIds) {
        for (int i = 0; i < offsets.length; i++) {
            if (userIds[i] != 0) hashes.add(userIds[i], offsets[i]);
            if (anonymousIds[i] != 0 && anonymousIds[i] != userIds[i]) hashes.add(anonymousIds[i], offsets[i]);
        }
    }

    /** Offsets of unindexed events carrying any of these identifier hashes (collisions included: check the rows). */
    synchronized void forEach(Collection<Long> identifierHashes, LongConsumer offsets) {
        for (long h : identifierHashes) hashes.forEach(h, offsets);
    }

    synchronized void dropThrough(long indexedThrough) {
        hashes.dropThrough(indexedThrough);
    }
}
