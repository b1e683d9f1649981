package io.emarsysdest.server.api;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down guessing of the admin key: a client (remote address) that presented wrong credentials
 * {@code maxFailures} times within {@code window} is refused until the oldest of those failures is older than the
 * window. While refused, the key is not even checked: otherwise the answer would still tell a right guess from a
 * wrong one and guessing would go on at full speed. A right key clears the client's count.
 */
public final class FailedAuthThrottle {
    /** Clients remembered at most; beyond it, clients whose failures have all aged out are forgotten. */
    private static final int MAX_CLIENTS = 10_000;
    private final InstantSource clock;
    private final int maxFailures;
    private final Duration window;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    public FailedAuthThrottle(InstantSource clock, int maxFailures, Duration window) {
        if (maxFailures < 1 || window.isNegative() || window.isZero()) throw new IllegalArgumentException("maxFailures >= 1 and a positive window");
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
    }

    /** How long the client must wait before it may try again; empty when it may try now. */
    public synchronized Optional<Duration> blockedFor(String client) {
        Instant now = clock.instant();
        Deque<Instant> d = failures.get(client);
        if (d == null || prune(d, now) < maxFailures) return Optional.empty();
        return Optional.of(Duration.between(now, d.peekFirst().plus(window)));
    }

    public synchronized void failed(String client) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_CLIENTS && !failures.containsKey(client)) {
            failures.values().removeIf(d -> prune(d, now) == 0);
        }
        Deque<Instant> d = failures.computeIfAbsent(client, c -> new ArrayDeque<>());
        prune(d, now);
        d.addLast(now);
        while (d.size() > maxFailures) d.removeFirst();
    }

    public synchronized void succeeded(String client) {
        failures.remove(client);
    }

    /** Drops failures older than the window; answers how many are left. */
    private int prune(Deque<Instant> d, Instant now) {
        Instant oldest = now.minus(window);
        while (!d.isEmpty() && !d.peekFirst().isAfter(oldest)) d.removeFirst();
        return d.size();
    }
}
