package io.emarsysdest.core.log;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.ingest.Rejection;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The durable log of accepted events: what the HTTP answer promises. An event whose append has completed survives a
 * crash; events are read back in offset order by the processor.
 */
public interface EventLog extends AutoCloseable {

    /**
     * Appends events durably (group commit: concurrent appends share one fsync). Events whose messageId was already
     * appended within the de-duplication window are skipped and counted as duplicates.
     *
     * @return completes after the commit; fails with {@link LogOverloadedException} when too much is waiting, or with
     * {@link LogUnavailableException} when the store cannot write
     */
    CompletableFuture<AppendResult> append(List<Event> events);

    /** Keeps items that were not accepted, with their reasons, where operators can see them (best effort). */
    void recordRejections(List<Rejection> rejections, Instant receivedAt);

    /** Up to {@code max} events with offsets greater than {@code afterOffset}, in order. */
    List<Event> readAfter(long afterOffset, int max);

    /** The offset of the newest appended event (0 when empty). */
    long headOffset();

    /** Registers a callback run after each commit that appended events (so readers need not poll). */
    void onAppend(Runnable listener);

    /** True when the store answers; used by readiness checks. */
    boolean isHealthy();

    /**
     * Deletes events received before the cutoff that the processor has applied (offset ≤ processedOffset); their
     * messageIds are forgotten with them, so the retention is also the de-duplication window. Returns how many.
     */
    int pruneBefore(Instant olderThan, long processedOffset);

    @Override
    void close();
}
