package io.emarsysdest.store.eventlog;

import java.util.function.LongConsumer;

/**
 * A fixed-capacity hash multimap from long to long without boxing (open addressing, linear probing): 16 bytes per
 * slot instead of about 80 for a {@code HashMap<Long, Long>} entry. Single-threaded; no removal (it is dropped whole).
 */
final class LongMultiMap {
    private static final long EMPTY = 0; // values are log offsets, which start at 1
    private final long[] slots; // key, value, key, value...: one cache line holds both
    private final int mask;
    private final int capacity;
    private int size;

    /** @param capacity how many entries it takes; the table is twice as big so probes stay short */
    LongMultiMap(int capacity) {
        int count = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
        slots = new long[count * 2];
        mask = count - 1;
        this.capacity = capacity;
    }

    boolean isFull() {
        return size >= capacity;
    }

    int size() {
        return size;
    }

    /** Adds an entry (a key may have several values); {@code value} must not be 0. */
    void put(long key, long value) {
        if (value == EMPTY) throw new IllegalArgumentException("0 is not a storable value");
        if (isFull()) throw new IllegalStateException("map is full (" + capacity + " entries)");
        int i = slot(key);
        while (slots[2 * i + 1] != EMPTY) i = (i + 1) & mask;
        slots[2 * i] = key;
        slots[2 * i + 1] = value;
        size++;
    }

    /** Calls {@code action} with every value stored under {@code key}. */
    void forEach(long key, LongConsumer action) {
        for (int i = slot(key); slots[2 * i + 1] != EMPTY; i = (i + 1) & mask) {
            if (slots[2 * i] == key) action.accept(slots[2 * i + 1]);
        }
    }

    private int slot(long key) {
        return (int) (key ^ (key >>> 32)) & mask;
    }
}
