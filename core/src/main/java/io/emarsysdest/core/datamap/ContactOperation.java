package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.delivery.Operation;

import java.util.Objects;

/**
 * One outbox item a {@link MapResult} asks for, in order.
 *
 * @param op       {@code CONTACT_UPSERT}, {@code LIST_ADD} or {@code LIST_REMOVE}
 * @param keyField the Emarsys key field id ({@code key_id})
 * @param keyValue the contact's key value
 * @param target   for list operations {@link ListTarget#toTarget()} (a list id, or {@code name:<list name>} to resolve);
 *                 null for upserts
 * @param payload  for upserts field id → value (key field included); null for list operations
 */
public record ContactOperation(Operation op, String keyField, String keyValue, String target, ObjectNode payload) {
    public ContactOperation {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(keyField, "keyField");
        Objects.requireNonNull(keyValue, "keyValue");
    }
}
