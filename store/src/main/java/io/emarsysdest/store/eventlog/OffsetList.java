package io.emarsysdest.store.eventlog;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Increasing log offsets packed as varint deltas: an identifier's events within one indexed chunk, in one blob. */
final class OffsetList {
    private OffsetList() {
    }

    /** @param offsets increasing, at least one */
    static byte[] encode(long[] offsets, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(count * 3);
        long previous = 0;
        for (int i = 0; i < count; i++) {
            long delta = offsets[i] - previous;
            if (delta <= 0) throw new IllegalArgumentException("offsets must increase: " + previous + " then " + offsets[i]);
            previous = offsets[i];
            while ((delta & ~0x7FL) != 0) {
                out.write((int) ((delta & 0x7F) | 0x80));
                delta >>>= 7;
            }
            out.write((int) delta);
        }
        return out.toByteArray();
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
