package io.emarsysdest.emarsys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;

/** Request bodies in the exact shapes the Core API documents. */
public final class EmarsysRequests {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The one millisecond form Emarsys accepts besides whole seconds; anything else is 5010. */
    public static final DateTimeFormatter EVENT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private EmarsysRequests() {
    }

    public static String eventTime(Instant t) {
        return EVENT_TIME.format(t);
    }

    /** {@code PUT contact/?create_if_not_exists=1}: {@code {"key_id":..,"contacts":[..]}}. */
    public static ObjectNode upsert(String keyId, Collection<? extends JsonNode> contacts) {
        ObjectNode body = JSON.objectNode().put("key_id", keyId);
        body.putArray("contacts").addAll(contacts);
        return body;
    }

    /** {@code POST contact/getdata} (camelCase here, unlike elsewhere). */
    public static ObjectNode getData(String keyId, Collection<String> keyValues, Collection<String> fields) {
        ObjectNode body = JSON.objectNode().put("keyId", keyId);
        ArrayNode values = body.putArray("keyValues");
        keyValues.forEach(values::add);
        if (fields != null) {
            ArrayNode f = body.putArray("fields");
            fields.forEach(f::add);
        }
        return body;
    }

    /** {@code POST contact/delete}: {@code {"key_id":"3","3":[..]}}. */
    public static ObjectNode deleteContacts(String keyId, Collection<String> keyValues) {
        ObjectNode body = JSON.objectNode().put("key_id", keyId);
        ArrayNode values = body.putArray(keyId);
        keyValues.forEach(values::add);
        return body;
    }

    /** One element of a batch trigger's {@code contacts} array. */
    public static ObjectNode triggerItem(EventTrigger t) {
        ObjectNode item = JSON.objectNode().put("external_id", t.externalId());
        if (t.triggerId() != null) item.put("trigger_id", t.triggerId());
        if (t.eventTime() != null) item.put("event_time", eventTime(t.eventTime()));
        if (t.data() != null) item.set("data", t.data());
        return item;
    }

    /** {@code POST event/{id}/trigger}, single form. */
    public static ObjectNode trigger(String keyId, EventTrigger t) {
        ObjectNode body = JSON.objectNode().put("key_id", keyId);
        body.setAll(triggerItem(t));
        return body;
    }

    /** {@code POST event/{id}/trigger}, batch form: {@code {"key_id":..,"contacts":[{external_id,trigger_id,event_time,data}]}}. */
    public static ObjectNode triggerBatch(String keyId, Collection<ObjectNode> items) {
        ObjectNode body = JSON.objectNode().put("key_id", keyId);
        body.putArray("contacts").addAll(items);
        return body;
    }

    /** {@code POST contactlist/{id}/add|delete}: {@code {"key_id":..,"external_ids":[..]}}. */
    public static ObjectNode listMembers(String keyId, Collection<String> externalIds) {
        ObjectNode body = JSON.objectNode().put("key_id", keyId);
        ArrayNode ids = body.putArray("external_ids");
        externalIds.forEach(ids::add);
        return body;
    }

    /** {@code POST contactlist}: {@code external_ids} is required, may be empty. */
    public static ObjectNode createList(String name, String description, String keyId, Collection<String> externalIds) {
        ObjectNode body = listMembers(keyId, externalIds);
        body.put("name", name);
        if (description != null) body.put("description", description);
        return body;
    }
}
