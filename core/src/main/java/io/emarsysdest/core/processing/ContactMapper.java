package io.emarsysdest.core.processing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.datamap.MapResult;
import io.emarsysdest.core.event.Event;

/**
 * The running data maps as the planner sees them: one event (with the person's merged traits and contact key) to
 * Emarsys fields and list changes. {@code DataMapSet::evaluate}, or the server's counting wrapper around it.
 */
@FunctionalInterface
public interface ContactMapper {
    /**
     * @param personTraits the person's merged traits after the event (may be null)
     * @param keyValue     the contact's raw key value from the users table, or null while the person is anonymous
     */
    MapResult map(Event event, ObjectNode personTraits, String keyValue);
}
