package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;

/** Per-event evaluation state shared by the mappings of all maps. */
final class EvalContext {
    final Event event;
    final ObjectNode body;
    final JsonNode personTraits;
    private ObjectNode withPerson;

    EvalContext(Event event, JsonNode personTraits) {
        this.event = event;
        this.body = event.body();
        this.personTraits = personTraits;
    }

    /** The event body plus {@code person.traits}, for conditions over the person; built at most once per event. */
    ObjectNode bodyWithPerson() {
        if (withPerson == null) {
            withPerson = JsonNodeFactory.instance.objectNode();
            withPerson.setAll(body); // shallow: shares the event's subtrees, copies only the top level
            withPerson.putObject("person").set("traits", personTraits == null ? JsonNodeFactory.instance.objectNode() : personTraits);
        }
        return withPerson;
    }
}
