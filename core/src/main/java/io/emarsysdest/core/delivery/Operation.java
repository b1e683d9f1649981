package io.emarsysdest.core.delivery;

/** What a delivery item asks Emarsys to do; each maps to one Core API endpoint. */
public enum Operation {
    /** {@code PUT contact/?create_if_not_exists=1}; payload: field id → value. */
    CONTACT_UPSERT,
    /** {@code POST event/{target}/trigger}; payload: {@code {"data":{…},"event_time":"…","trigger_id":"…"}}. */
    EVENT_TRIGGER,
    /** {@code POST contactlist/{target}/add}; no payload. */
    LIST_ADD,
    /** {@code POST contactlist/{target}/delete}; no payload. */
    LIST_REMOVE,
    /** {@code POST contact/delete}; no payload. */
    CONTACT_DELETE
}
