package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.core.validation.Problem;

import java.util.ArrayList;
import java.util.List;

/**
 * What data maps make of one event.
 *
 * @param keyField the Emarsys key field id ({@code key_id}), e.g. "3"
 * @param keyValue the contact's key value: the one passed in (from the users table) or else the one a mapping
 *                 produced for the key field; null when unknown (then nothing can be sent for this contact)
 * @param fields   field id → value, the key field included when the key value is known; the payload of a
 *                 {@code CONTACT_UPSERT}
 * @param lists    list membership changes (audiences and list rules), in order
 * @param warnings values that could not be written or were cut, each naming the map and mapping
 */
public record MapResult(String keyField, String keyValue, ObjectNode fields, List<ListChange> lists, List<Problem> warnings) {
    public MapResult {
        lists = List.copyOf(lists);
        warnings = List.copyOf(warnings);
    }

    /** True when there is a key and at least one field besides it: worth a {@code CONTACT_UPSERT}. */
    public boolean hasContactUpdate() {
        if (keyValue == null) return false;
        int n = fields.size();
        return fields.has(keyField) ? n > 1 : n > 0;
    }

    /**
     * The outbox items to write for this event, in order: the upsert first (Emarsys adds only existing contacts to
     * lists, so a list add with no field change still upserts the bare key to create the contact), then list changes.
     * Empty when the key value is unknown.
     */
    public List<ContactOperation> operations() {
        if (keyValue == null) return List.of();
        List<ContactOperation> out = new ArrayList<>(1 + lists.size());
        boolean anyAdd = false;
        for (ListChange c : lists) anyAdd |= c.add();
        if (hasContactUpdate()) {
            out.add(new ContactOperation(Operation.CONTACT_UPSERT, keyField, keyValue, null, fields));
        } else if (anyAdd) {
            ObjectNode keyOnly = JsonNodeFactory.instance.objectNode().put(keyField, keyValue);
            out.add(new ContactOperation(Operation.CONTACT_UPSERT, keyField, keyValue, null, keyOnly));
        }
        for (ListChange c : lists) {
            out.add(new ContactOperation(c.add() ? Operation.LIST_ADD : Operation.LIST_REMOVE, keyField, keyValue,
                    c.target().toTarget(), null));
        }
        return out;
    }
}
