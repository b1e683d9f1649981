package io.emarsysdest.server.debugger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last delivery requests with their bodies and replies, bounded by count and by the bytes of the bodies (a full
 * upsert of 1,000 contacts is several hundred KB), the oldest going first. Thread-safe; lookups scan, which costs a
 * few milliseconds at most and nothing on the delivery path.
 */
public final class RequestTraces {
    public static final int DEFAULT_CAPACITY = 2_000;
    public static final long DEFAULT_MAX_BYTES = 32L << 20;

    private final int capacity;
    private final long maxBytes;
    private final Deque<RequestTrace> recent = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong();
    private long bytes;

    public RequestTraces(int capacity, long maxBytes) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    public long nextId() {
        return ids.incrementAndGet();
    }

    public synchronized void add(RequestTrace trace) {
        recent.addLast(trace);
        bytes += trace.bytes();
        while (recent.size() > capacity || (bytes > maxBytes && recent.size() > 1)) bytes -= recent.removeFirst().bytes();
    }

    /** Privacy deletion: every request that carried an item of these persons ({@code p<id>}) is dropped. */
    public synchronized int forget(Set<String> personKeys) {
        int before = recent.size();
        recent.removeIf(t -> {
            boolean drop = t.concernsPerson(personKeys);
            if (drop) bytes -= t.bytes();
            return drop;
        });
        return before - recent.size();
    }

    public synchronized int size() {
        return recent.size();
    }

    /** The requests that carried any of these outbox items (by idempotency key), oldest first. */
    public synchronized List<RequestTrace> carrying(Set<String> idempotencyKeys) {
        List<RequestTrace> out = new ArrayList<>();
        if (idempotencyKeys.isEmpty()) return out;
        for (RequestTrace t : recent) if (t.carriesKey(idempotencyKeys)) out.add(t);
        return out;
    }

    /** The newest requests with items of these persons ({@code p<id>} person keys), newest first, at most {@code limit}. */
    public synchronized List<RequestTrace> ofPersons(Set<String> personKeys, int limit) {
        List<RequestTrace> out = new ArrayList<>();
        for (Iterator<RequestTrace> it = recent.descendingIterator(); it.hasNext() && out.size() < limit; ) {
            RequestTrace t = it.next();
            if (t.concernsPerson(personKeys)) out.add(t);
        }
        return out;
    }
}
