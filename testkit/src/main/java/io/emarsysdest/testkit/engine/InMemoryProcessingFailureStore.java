package io.emarsysdest.testkit.engine;

import io.emarsysdest.core.engine.ProcessingFailure;
import io.emarsysdest.core.engine.ProcessingFailureStore;
import io.emarsysdest.core.event.Event;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** {@link ProcessingFailureStore} in a map ordered by offset; changes are undone through the journal. */
public final class InMemoryProcessingFailureStore implements ProcessingFailureStore {
    private final Journal journal;
    private final TreeMap<Long, ProcessingFailure> failures = new TreeMap<>();

    public InMemoryProcessingFailureStore(Journal journal) {
        this.journal = journal;
    }

    @Override
    public void record(Event event, Instant at, String error, int attempts) {
        put(new ProcessingFailure(event.offset(), event.messageId(), millis(at), error, attempts, event));
    }

    @Override
    public void retryFailed(long offset, Instant at, String error) {
        ProcessingFailure f = failures.get(offset);
        if (f == null) return;
        put(new ProcessingFailure(offset, f.messageId(), millis(at), error, f.attempts() + 1, f.event()));
    }

    @Override
    public long count() {
        return failures.size();
    }

    @Override
    public List<ProcessingFailure> list(int skip, int limit) {
        return failures.values().stream().skip(skip).limit(limit).toList();
    }

    @Override
    public Optional<ProcessingFailure> find(long offset) {
        return Optional.ofNullable(failures.get(offset));
    }

    @Override
    public int forgetEventsOf(Collection<String> userIds, Collection<String> anonymousIds) {
        Set<String> users = new HashSet<>(userIds); // HashSet: an event without a userId matches no null
        Set<String> anons = new HashSet<>(anonymousIds);
        List<Long> matching = new ArrayList<>();
        for (ProcessingFailure f : failures.values()) {
            Event e = f.event();
            if (e != null && (users.contains(e.userId()) || anons.contains(e.anonymousId()))) matching.add(f.offset());
        }
        matching.forEach(this::delete);
        return matching.size();
    }

    @Override
    public boolean delete(long offset) {
        ProcessingFailure before = failures.remove(offset);
        if (before == null) return false;
        journal.undo(() -> failures.put(offset, before));
        return true;
    }

    private void put(ProcessingFailure f) {
        ProcessingFailure before = failures.put(f.offset(), f);
        journal.undo(() -> {
            if (before == null) failures.remove(f.offset());
            else failures.put(f.offset(), before);
        });
    }

    /** The databases keep milliseconds. */
    private static Instant millis(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS);
    }
}
