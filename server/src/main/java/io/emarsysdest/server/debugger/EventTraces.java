package io.emarsysdest.server.debugger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The last {@code capacity} event traces, in a ring: adding overwrites the oldest, so memory stays bounded whatever
 * the traffic. Written by the processor after each commit (one lock per batch), read by the debugger's API, which
 * scans it (a few thousand entries take microseconds, and the processor pays for no index). Thread-safe.
 */
public final class EventTraces {
    public static final int DEFAULT_CAPACITY = 5_000;

    private final EventTrace[] ring;
    private long added; // how many were ever added; the newest is at (added - 1) % capacity

    public EventTraces(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
        this.ring = new EventTrace[capacity];
    }

    public synchronized void addAll(Collection<EventTrace> traces) {
        for (EventTrace t : traces) ring[(int) (added++ % ring.length)] = t;
    }

    /**
     * Privacy deletion: the traces of these persons, or naming any of these identifiers, are dropped (their slots
     * stay empty until overwritten).
     */
    public synchronized int forget(java.util.Set<Long> personIds, java.util.Set<String> identifiers) {
        int n = 0;
        for (int i = 0; i < ring.length; i++) {
            EventTrace t = ring[i];
            if (t == null) continue;
            boolean named = personIds.contains(t.personId());
            for (java.util.Iterator<String> it = identifiers.iterator(); !named && it.hasNext(); ) named = t.concerns(it.next());
            if (named) {
                ring[i] = null;
                n++;
            }
        }
        return n;
    }

    public int capacity() {
        return ring.length;
    }

    public synchronized int size() {
        return (int) Math.min(added, ring.length);
    }

    /**
     * What to look for; null or blank values match everything.
     *
     * @param type   the Segment type (identify, track, …) or {@code timer}
     * @param event  the event name of a track, or the name of a page or screen (case-insensitive)
     * @param person a person id, userId, anonymousId or contact key (case-insensitive)
     * @param after  only traces of events with a larger log offset (for polling); null for all
     */
    public record Filter(String type, String event, String person, Long after) {
        Predicate<EventTrace> predicate() {
            String t = blankToNull(type);
            String e = blankToNull(event);
            String p = blankToNull(person);
            return trace -> (t == null || t.equalsIgnoreCase(trace.typeName()))
                    && (e == null || (trace.name() != null && trace.name().toLowerCase(Locale.ROOT).equals(e.toLowerCase(Locale.ROOT))))
                    && (p == null || trace.concerns(p))
                    && (after == null || (trace.type() != null && trace.offset() > after));
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.trim();
        }
    }

    /** The newest traces matching {@code filter}, newest first, at most {@code limit}. */
    public synchronized List<EventTrace> newest(Filter filter, int limit) {
        Predicate<EventTrace> match = filter.predicate();
        List<EventTrace> out = new ArrayList<>(Math.min(limit, 64));
        for (long i = added - 1; i >= Math.max(0, added - ring.length) && out.size() < limit; i--) {
            EventTrace t = ring[(int) (i % ring.length)];
            if (t != null && match.test(t)) out.add(t);
        }
        return out;
    }

    /** The newest trace of the message id (a replayed or retried event is traced again). */
    public synchronized Optional<EventTrace> byMessageId(String messageId) {
        for (long i = added - 1; i >= Math.max(0, added - ring.length); i--) {
            EventTrace t = ring[(int) (i % ring.length)];
            if (t != null && t.messageId().equals(messageId)) return Optional.of(t);
        }
        return Optional.empty();
    }
}
