package io.emarsysdest.core.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/**
 * What identity resolution reads from one event.
 *
 * @param ids       usable identifiers, strongest first (see {@link IdSource})
 * @param blocked   identifiers dropped because their value is blocked
 * @param traits    person traits carried by the event ({@code traits} on identify, {@code context.traits} otherwise), or null
 * @param at        the corrected event time
 * @param messageId the event's messageId, for the merge log
 * @param offset    the event's log offset, for the merge log
 */
public record ExtractedEvent(List<EventIdentifier> ids, List<DroppedIdentifier> blocked, ObjectNode traits,
                             Instant at, String messageId, long offset) {

    /** The event's identifier from a source, or null. */
    public EventIdentifier from(IdSource source) {
        for (EventIdentifier id : ids) if (id.source() == source) return id;
        return null;
    }
}
