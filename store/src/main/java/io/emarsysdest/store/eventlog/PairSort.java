package io.emarsysdest.store.eventlog;

/** Sorts two parallel long arrays by the first, without boxing (the index writes keys in b-tree order). */
final class PairSort {
    private PairSort() {
    }

    static void sort(long[] keys, long[] values, int count) {
        quicksort(keys, values, 0, count - 1);
    }

    private static void quicksort(long[] k, long[] v, int lo, int hi) {
        while (hi - lo > 16) {
            long pivot = median(k[lo], k[(lo + hi) >>> 1], k[hi]);
            int i = lo, j = hi;
            while (i <= j) {
                while (k[i] < pivot) i++;
                while (k[j] > pivot) j--;
                if (i <= j) swap(k, v, i++, j--);
            }
            // Recurse into the smaller side so the stack stays logarithmic.
            if (j - lo < hi - i) {
                quicksort(k, v, lo, j);
                lo = i;
            } else {
                quicksort(k, v, i, hi);
                hi = j;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            for (int j = i; j > lo && k[j - 1] > k[j]; j--) swap(k, v, j, j - 1);
        }
    }

    private static long median(long a, long b, long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    private static void swap(long[] k, long[] v, int a, int b) {
        long t = k[a];
        k[a] = k[b];
        k[b] = t;
        t = v[a];
        v[a] = v[b];
        v[b] = t;
    }
}
