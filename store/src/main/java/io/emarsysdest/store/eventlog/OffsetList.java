package io.emarsysdest.store.eventlog;

import java.util.Arrays;

/** Increasing log offsets packed as varint deltas: an identifier's events within one indexed chunk, in one blob. */
final class OffsetList {
    private OffsetList() {
    }

    /** @param offsets increasing, at least one */
    static byte[] encode(long[] offsets, int count) {
        return encode(offsets, 0, count);
    }

    /** Encodes {@code offsets[from..to)}, which increase (a repeated offset is kept once). */
    static byte[] encode(long[] offsets, int from, int to) {
        byte[] out = new byte[(to - from) * 10];
        int n = 0;
        long previous = 0;
        for (int i = from; i < to; i++) {
            long delta = offsets[i] - previous;
            if (delta == 0 && i > from) continue; // the same event twice (two of its identifiers share a hash)
            if (delta <= 0) throw new IllegalArgumentException("offsets must increase: " + previous + " then " + offsets[i]);
            previous = offsets[i];
            while ((delta & ~0x7FL) != 0) {
                out[n++] = (byte) ((delta & 0x7F) | 0x80);
                delta >>>= 7;
            }
            out[n++] = (byte) delta;
        }
        return Arrays.copyOf(out, n);
    }

    static long[] decode(byte[] blob) {
        long[] out = new long[Math.max(1, blob.length)];
        int n = 0;
        long previous = 0;
        int i = 0;
        while (i < blob.length) {
            long delta = 0;
            int shift = 0;
            int b;
            do {
                b = blob[i++];
                delta |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            previous += delta;
            out[n++] = previous;
        }
        return Arrays.copyOf(out, n);
    }
}
