package io.emarsysdest.core.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * A delivery item as the processor writes it into the outbox, before it has an id.
 *
 * @param account        the Emarsys account (API user) that sends it
 * @param op             what to do
 * @param keyField       the key field id ({@code key_id}), for example "3" for e-mail
 * @param keyValue       the contact's key value
 * @param target         event id for triggers, list id for list operations, null otherwise
 * @param payload        operation specific (see {@link Operation}); null for list operations and deletes
 * @param idempotencyKey unique per intended effect: a second enqueue with the same key is ignored
 * @param personKey      the resolved person this item belongs to; items of one person keep their order.
 *                       Defaults to {@code keyField:keyValue} when null.
 */
public record NewOutboxItem(String account, Operation op, String keyField, String keyValue, String target,
                            ObjectNode payload, String idempotencyKey, String personKey) {
    public NewOutboxItem {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(keyField, "keyField");
        Objects.requireNonNull(keyValue, "keyValue");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        if (Operations.needsTarget(op) && (target == null || target.isBlank())) {
            throw new IllegalArgumentException(op + " needs a target (event or list id)");
        }
        if (!Operations.needsTarget(op)) target = null;
        if (personKey == null) personKey = keyField + ":" + keyValue;
    }

    /** The person key of the users table's person {@code personId}, as processing writes it on every item. */
    public static String personKey(long personId) {
        return "p" + personId;
    }

    public static NewOutboxItem upsert(String account, String keyField, String keyValue, ObjectNode fields,
                                       String idempotencyKey, String personKey) {
        return new NewOutboxItem(account, Operation.CONTACT_UPSERT, keyField, keyValue, null, fields, idempotencyKey, personKey);
    }

    /** @param payload {@code {"data":{…},"event_time":"…","trigger_id":"…"}} */
    public static NewOutboxItem trigger(String account, String keyField, String keyValue, String eventId,
                                        ObjectNode payload, String idempotencyKey, String personKey) {
        return new NewOutboxItem(account, Operation.EVENT_TRIGGER, keyField, keyValue, eventId, payload, idempotencyKey, personKey);
    }

    public static NewOutboxItem listAdd(String account, String keyField, String keyValue, String listId,
                                        String idempotencyKey, String personKey) {
        return new NewOutboxItem(account, Operation.LIST_ADD, keyField, keyValue, listId, null, idempotencyKey, personKey);
    }

    public static NewOutboxItem listRemove(String account, String keyField, String keyValue, String listId,
                                           String idempotencyKey, String personKey) {
        return new NewOutboxItem(account, Operation.LIST_REMOVE, keyField, keyValue, listId, null, idempotencyKey, personKey);
    }

    public static NewOutboxItem delete(String account, String keyField, String keyValue,
                                       String idempotencyKey, String personKey) {
        return new NewOutboxItem(account, Operation.CONTACT_DELETE, keyField, keyValue, null, null, idempotencyKey, personKey);
    }
}
