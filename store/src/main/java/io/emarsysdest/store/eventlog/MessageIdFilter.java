package io.emarsysdest.store.eventlog;

/**
 * A Bloom filter of the indexed message-id hashes: the log's writer asks the index file only when this says "maybe"
 * (about 1 % of new ids), so checking for retries costs no read per event. One thread adds, another reads; the
 * indexer publishes its additions with its volatile {@code indexedThrough} write.
 */
final class MessageIdFilter {
    private static final int PROBES = 5;
    private final long[] bits;
    private final int mask;
    private final long capacity;
    private long added;

    /** @param capacity entries it is sized for (about 10 bits each); past that it only gets less selective */
    MessageIdFilter(long capacity) {
        long wanted = Math.max(1 << 16, capacity * 10);
        int log2 = Math.min(31, 64 - Long.numberOfLeadingZeros(wanted - 1)); // at most 2^31 bits (256 MB)
        this.bits = new long[(int) Math.max(1, (1L << log2) >>> 6)];
        this.mask = (int) ((1L << log2) - 1);
        this.capacity = capacity;
    }

    void add(long hash) {
        int h1 = (int) hash, h2 = (int) (hash >>> 32);
        for (int i = 0; i < PROBES; i++) {
            int bit = (h1 + i * h2) & mask;
            bits[bit >>> 6] |= 1L << bit;
        }
        added++;
    }

    boolean mightContain(long hash) {
        int h1 = (int) hash, h2 = (int) (hash >>> 32);
        for (int i = 0; i < PROBES; i++) {
            int bit = (h1 + i * h2) & mask;
            if ((bits[bit >>> 6] & (1L << bit)) == 0) return false;
        }
        return true;
    }

    /** True once more entries were added than it was sized for: time to build a bigger one. */
    boolean isOverfull() {
        return added > capacity;
    }

    long added() {
        return added;
    }
}
