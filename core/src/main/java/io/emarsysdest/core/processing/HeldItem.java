package io.emarsysdest.core.processing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.core.delivery.Operations;

import java.util.Objects;

/**
 * An outbox item waiting for its person to become an Emarsys contact: everything of the item except the contact
 * key, which is not known yet. Emarsys triggers and list changes need an existing contact.
 *
 * @param op             {@code EVENT_TRIGGER}, {@code LIST_ADD} or {@code LIST_REMOVE}
 * @param payload        the trigger's payload; null for list changes
 * @param idempotencyKey the key the released item is enqueued with
 */
public record HeldItem(long personId, Operation op, String target, ObjectNode payload, String idempotencyKey) {
    public HeldItem {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        if (op != Operation.EVENT_TRIGGER && !Operations.isListOp(op)) {
            throw new IllegalArgumentException("only triggers and list changes are held, not " + op);
        }
    }

    /** A list change replaces the person's earlier held change of the same list (only the latest one counts). */
    public boolean isListChange() {
        return Operations.isListOp(op);
    }
}
