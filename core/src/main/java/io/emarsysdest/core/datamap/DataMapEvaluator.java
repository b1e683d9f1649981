package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;

/**
 * Evaluation entry points. The processor normally calls {@link DataMapSet#evaluate} (all running maps plus
 * audiences); these evaluate a single compiled map, e.g. for previews and tests.
 */
public final class DataMapEvaluator {
    private DataMapEvaluator() {
    }

    /** One map; the key value is taken from the map's key-field mapping, if any. */
    public static MapResult evaluate(CompiledDataMap map, Event event, ObjectNode personTraits) {
        return map.evaluate(event, personTraits, null);
    }

    /** One map, with the contact's key value from the users table (authoritative when not null). */
    public static MapResult evaluate(CompiledDataMap map, Event event, ObjectNode personTraits, String keyValue) {
        return map.evaluate(event, personTraits, keyValue);
    }
}
