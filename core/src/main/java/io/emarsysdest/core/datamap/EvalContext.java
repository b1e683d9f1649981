package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.emarsysdest.core.event.JsonPath;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;

/** Per-event evaluation state shared by the mappings of all maps. */
final class EvalContext {
    final Event event;
    final ObjectNode body;
    final JsonNode personTraits;
    private ObjectNode withPerson;
    // nodes at the parent paths of the readers (traits, context.traits, …), read once: few, so a linear scan by identity
    private static final int MEMO = 16;
    private JsonPath[] memoPaths;
    private JsonNode[] memoNodes;
    private boolean[] memoPerson;
    private int memoSize;

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

    /** The node at {@code path} in the body (or in the person's traits), read once per event; never null. */
    JsonNode node(JsonPath path, boolean person) {
        for (int i = 0; i < memoSize; i++) {
            if (memoPaths[i] == path && memoPerson[i] == person) return memoNodes[i];
        }
        JsonNode root = person ? personTraits : body;
        JsonNode n = root == null ? MissingNode.getInstance() : path.read(root);
        if (memoPaths == null) {
            memoPaths = new JsonPath[MEMO];
            memoNodes = new JsonNode[MEMO];
            memoPerson = new boolean[MEMO];
        }
        if (memoSize < MEMO) {
            memoPaths[memoSize] = path;
            memoNodes[memoSize] = n;
            memoPerson[memoSize++] = person;
        }
        return n;
    }
}
