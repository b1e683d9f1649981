package io.emarsysdest.core.ingest;

/**
 * Size limits of the Tracking API, as Segment documents them.
 *
 * @param maxEventBytes     one event (a single call, or one item of a batch), default 32 KB
 * @param maxRequestBytes   one request body after decompression, default 500 KB
 * @param maxBatchEvents    items in one batch, default 2,500
 * @param maxMessageIdChars longest accepted messageId, default 255 (Segment asks for fewer than 100)
 */
public record IngestLimits(int maxEventBytes, int maxRequestBytes, int maxBatchEvents, int maxMessageIdChars) {
    public static final IngestLimits SEGMENT = new IngestLimits(32 * 1024, 500 * 1024, 2500, 255);
}
