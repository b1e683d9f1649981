package io.emarsysdest.core.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The request budget of one Emarsys account: at most {@code limit} requests in any window of {@code window}
 * (a sliding log, so a backlog can use the whole budget and never more), plus a pause after a rate-limit answer.
 * What Emarsys says in its rate-limit headers is learned: a lower {@code X-RateLimit-Limit} lowers the limit
 * ({@link #limitTo}), and {@code X-Ratelimit-Remaining} with {@code X-RateLimit-Reset} caps the requests until that
 * reset ({@link #observe}), so no request is sent that Emarsys would refuse with 429.
 * Pure: the caller passes the time. Not thread-safe: one delivery worker owns it.
 */
public final class RateBudget {
    private final int capacity; // the configured limit: the ring's size
    private int limit;
    private final Duration window;
    private final Instant[] sent; // ring of the last `capacity` send times
    private int next;
    private int count;
    private Instant pausedUntil = Instant.MIN;
    /** The end of Emarsys's current rate-limit window as it reported it, or null when unknown. */
    private Instant windowEnd;
    /** Requests still allowed before {@link #windowEnd}, as Emarsys reported (less those sent since). */
    private int allowance;

    public RateBudget(int limit, Duration window) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1");
        if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("window must be positive");
        this.capacity = limit;
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
        if (count >= limit) {
            // The oldest of the last `limit` sends must have left the window (strictly: a closed window of exactly
            // `window` length then holds at most `limit` requests).
            Instant free = sent[(next - limit + capacity) % capacity].plus(window).plusNanos(1);
            if (free.isAfter(at)) at = free;
        }
        if (windowEnd != null && windowEnd.isAfter(at) && allowance <= 0) at = windowEnd;
        return at;
    }

    /** Records a request at {@code now} if the budget allows it. */
    public boolean tryAcquire(Instant now) {
        Objects.requireNonNull(now, "now");
        if (nextPermitAt(now).isAfter(now)) return false;
        sent[next] = now;
        next = (next + 1) % capacity;
        if (count < capacity) count++;
        if (windowEnd != null) {
            if (windowEnd.isAfter(now)) allowance--;
            else windowEnd = null; // Emarsys's window has reset: only the sliding limit applies until it reports again
        }
        return true;
    }

    /**
     * Emarsys's {@code X-RateLimit-Limit}: the account's real budget per window. A lower one than configured
     * replaces it (a higher one does not: the configured budget is never exceeded either).
     */
    public void limitTo(int reported) {
        if (reported < 1) return;
        limit = Math.min(capacity, reported);
    }

    /**
     * Emarsys's {@code X-Ratelimit-Remaining} and {@code X-RateLimit-Reset} from one answer: at most
     * {@code remaining} more requests until {@code reset}, of which {@code unanswered} (sent after that request,
     * not yet counted by Emarsys) are already on their way. A report about an earlier window, or one that allows
     * more than an earlier report about the same window (answers overtaking each other), changes nothing.
     */
    public void observe(int remaining, Instant reset, int unanswered, Instant now) {
        if (!reset.isAfter(now)) return;
        int left = Math.max(0, remaining - Math.max(0, unanswered));
        if (windowEnd == null || !windowEnd.isAfter(now) || reset.isAfter(windowEnd)) {
            windowEnd = reset;
            allowance = left;
        } else if (!reset.isBefore(windowEnd)) {
            allowance = Math.min(allowance, left);
        }
    }

    /**
     * Counts requests sent before this budget existed (by a previous process), oldest first, so a restart does not
     * start with a fresh budget. Times must not be later than the requests this budget grants afterwards.
     */
    public void seed(List<Instant> sentBefore) {
        for (Instant at : sentBefore) {
            sent[next] = at;
            next = (next + 1) % capacity;
            if (count < capacity) count++;
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
            Instant t = sent[(next - 1 - i + capacity) % capacity];
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
