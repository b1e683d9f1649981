package io.emarsysdest.server.delivery;

import io.emarsysdest.core.delivery.Operation;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The last requests sent to Emarsys and totals per outcome, for the status page. Thread-safe. */
public final class RequestLog {
    private final int capacity;
    private final Deque<Entry> recent = new ArrayDeque<>();
    private final Map<String, Long> totals = new TreeMap<>();

    /**
     * One request.
     *
     * @param outcome delivered, partial, rejected, retryable, rate_limited or permanent
     */
    public record Entry(Instant at, String account, Operation op, String target, int items, int delivered,
                        String outcome, Integer httpStatus, Integer replyCode, String text) {
    }

    public RequestLog(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(Entry entry) {
        if (recent.size() == capacity) recent.removeFirst();
        recent.addLast(entry);
        totals.merge(entry.outcome(), 1L, Long::sum);
    }

    /** Newest first. */
    public synchronized List<Entry> recent() {
        List<Entry> list = new ArrayList<>(recent);
        java.util.Collections.reverse(list);
        return list;
    }

    public synchronized Map<String, Long> totals() {
        return Map.copyOf(totals);
    }
}
