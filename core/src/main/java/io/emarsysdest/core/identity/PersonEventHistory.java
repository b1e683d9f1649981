package io.emarsysdest.core.identity;

import io.emarsysdest.core.event.Event;

import java.util.Collection;
import java.util.List;

/**
 * A person's stored events, found by the raw userIds and anonymousIds they carry. Implemented on the event log.
 */
public interface PersonEventHistory {

    /** The most recent events carrying any of the ids, newest first, at most {@code limit}. */
    List<Event> recent(Collection<String> userIds, Collection<String> anonymousIds, int limit);

    /** Deletes every stored event carrying any of the ids (a privacy request); returns how many were deleted. */
    long purge(Collection<String> userIds, Collection<String> anonymousIds);
}
