package io.emarsysdest.core.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The request budget of one Emarsys account: at most {@code limit} requests in any window of {@code window}
 * (a sliding log, so a backlog can use the whole budget and never more), plus a pause after a rate-limit answer.
 * Pure: the caller passes the time. Not thread-safe: one delivery worker owns it.
 */
public final class RateBudget {
    private final int limit;
    private final Duration window;
    private final Instant[] sent; // ring of the last `limit` send times
    private int next;
    private int count;
    private Instant pausedUntil = Instant.MIN;

    public RateBudget(int limit, Duration window) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1");
        if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("window must be positive");
        this.limit = limit;
        this.window = window;
        this.sent = new Instant[limit];
    }

    public static RateBudget perMinute(int requestsPerMinute) {
        return new RateBudget(requestsPerMinute, Duration.ofMinutes(1));
    }

    /** The earliest time a request may go out. */
    public Instant nextPermitAt(Instant now) {
        Instant at = now;
        if (pausedUntil.isAfter(at)) at = pausedUntil;
        if (count == limit) {
            // The oldest of the last `limit` sends must have left the window (strictly: a closed window of exactly
            // `window` length then holds at most `limit` requests).
            Instant free = sent[next].plus(window).plusNanos(1);
            if (free.isAfter(at)) at = free;
        }
        return at;
    }

    /** Records a request at {@code now} if the budget allows it. */
    public boolean tryAcquire(Instant now) {
        Objects.requireNonNull(now, "now");
        if (nextPermitAt(now).isAfter(now)) return false;
        sent[next] = now;
        next = (next + 1) % limit;
        if (count < limit) count++;
        return true;
    }

    /**
     * Counts requests sent before this budget existed (by a previous process), oldest first, so a restart does not
     * start with a fresh budget. Times must not be later than the requests this budget grants afterwards.
     */
    public void seed(List<Instant> sentBefore) {
        for (Instant at : sentBefore) {
            sent[next] = at;
            next = (next + 1) % limit;
            if (count < limit) count++;
        }
    }

    /** Stop sending until {@code until} (a rate-limit reset); a pause is only ever extended. */
    public void pauseUntil(Instant until) {
        if (until.isAfter(pausedUntil)) pausedUntil = until;
    }

    /** The end of the current pause, or null when not paused at {@code now}. */
    public Instant pausedUntil(Instant now) {
        return pausedUntil.isAfter(now) ? pausedUntil : null;
    }

    /** Requests sent in the window ending at {@code now}. */
    public int used(Instant now) {
        Instant from = now.minus(window);
        int used = 0;
        for (int i = 0; i < count; i++) {
            Instant t = sent[(next - 1 - i + limit) % limit];
            if (!t.isAfter(from)) break;
            used++;
        }
        return used;
    }

    public int limit() {
        return limit;
    }

    public Duration window() {
        return window;
    }
}
