package io.emarsysdest.sandbox;

import java.util.HashMap;
import java.util.Map;

/** Requests per API user per clock minute; the window resets at the start of the next minute (X-RateLimit-Reset). */
final class RateLimiter {
    record Decision(boolean allowed, int limit, int remaining, long resetEpochSecond) {
    }

    private final int limit;
    private final Map<String, long[]> windows = new HashMap<>(); // user → {window start, count}

    RateLimiter(int limit) {
        this.limit = limit;
    }

    synchronized Decision acquire(String user, long nowEpochSecond) {
        long start = nowEpochSecond - Math.floorMod(nowEpochSecond, 60);
        long[] w = windows.computeIfAbsent(user, u -> new long[]{start, 0});
        if (w[0] != start) {
            w[0] = start;
            w[1] = 0;
        }
        boolean allowed = w[1] < limit;
        if (allowed) w[1]++;
        return new Decision(allowed, limit, (int) (limit - w[1]), start + 60);
    }

    synchronized void reset() {
        windows.clear();
    }
}
