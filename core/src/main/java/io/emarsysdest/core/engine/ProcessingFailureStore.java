package io.emarsysdest.core.engine;

import io.emarsysdest.core.event.Event;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Table {@code processing_failures}: events skipped after they failed alone, one per log offset. */
public interface ProcessingFailureStore {
    /** Records (or records again, replacing the earlier row) that {@code event} failed {@code attempts} times. */
    void record(Event event, Instant at, String error, int attempts);

    /** A retry failed too: one more attempt, the newest error and time. Nothing happens for an unknown offset. */
    void retryFailed(long offset, Instant at, String error);

    long count();

    /** Oldest first (log order), {@code skip} rows left out. */
    List<ProcessingFailure> list(int skip, int limit);

    Optional<ProcessingFailure> find(long offset);

    /**
     * Forgets the failed events of these userIds and anonymousIds (raw values, as the event log's privacy purge
     * matches them), so a retry cannot bring a deleted person back.
     *
     * @return how many were forgotten
     */
    int forgetEventsOf(Collection<String> userIds, Collection<String> anonymousIds);

    /** @return whether there was such a failure */
    boolean delete(long offset);
}
