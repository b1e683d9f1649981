package io.emarsysdest.core.delivery;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/** Builds claimed items for planner tests. */
final class Items {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private long nextId = 1;

    static ObjectNode fields(Object... kv) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < kv.length; i += 2) node.putPOJO((String) kv[i], kv[i + 1]);
        return node;
    }

    OutboxItem upsert(String person, String email, ObjectNode fields) {
        return item("acc", Operation.CONTACT_UPSERT, email, null, fields, person);
    }

    OutboxItem trigger(String person, String email, String event) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.putObject("data").put("n", nextId);
        payload.put("trigger_id", "t" + nextId);
        return item("acc", Operation.EVENT_TRIGGER, email, event, payload, person);
    }

    OutboxItem listAdd(String person, String email, String list) {
        return item("acc", Operation.LIST_ADD, email, list, null, person);
    }

    OutboxItem listRemove(String person, String email, String list) {
        return item("acc", Operation.LIST_REMOVE, email, list, null, person);
    }

    OutboxItem delete(String person, String email) {
        return item("acc", Operation.CONTACT_DELETE, email, null, null, person);
    }

    OutboxItem item(String account, Operation op, String email, String target, ObjectNode payload, String person) {
        long id = nextId++;
        return new OutboxItem(id, account, op, "3", email, target, payload, "k" + id, person, T0, 0, T0, null);
    }
}
