package io.emarsysdest.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.sandbox.ContactStore.Contact;
import io.emarsysdest.sandbox.ContactStore.Invalid;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The simulated account: contacts, fields, external events, contact lists and triggers, with the documented
 * semantics and reply codes of each endpoint. Every public method holds the one lock (plain structures, no
 * concurrent collections: one 1000-contact upsert is a few hundred microseconds of work).
 */
final class SandboxState {
    static final int MAX_ITEMS = 1000;
    static final int MAX_LIST_IDS = 10_000;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern EVENT_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?Z");
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final SandboxOptions options;
    private ContactStore store;
    private final Map<Integer, SandboxEvent> events = new LinkedHashMap<>();
    private final Map<Long, ListData> lists = new LinkedHashMap<>();
    private final Set<String> triggerIds = new HashSet<>();
    private final ArrayDeque<TriggerRecord> triggers = new ArrayDeque<>();
    private long triggerCount;
    private int nextEventId;
    private long nextListId;

    private static final class ListData {
        final long id;
        final String name;
        final String description;
        final Instant created;
        final LinkedHashSet<Long> members = new LinkedHashSet<>();

        ListData(long id, String name, String description, Instant created) {
            this.id = id;
            this.name = name;
            this.description = description;
            this.created = created;
        }
    }

    SandboxState(SandboxOptions options) {
        this.options = options;
        reset();
    }

    synchronized void reset() {
        store = new ContactStore(options.customFields(), options.autoCreate());
        events.clear();
        lists.clear();
        triggerIds.clear();
        triggers.clear();
        triggerCount = 0;
        nextEventId = 1001;
        nextListId = 700_000_001L;
    }

    // ---- contacts ----

    /** {@code PUT contact} (upsert when createIfNotExists) and {@code POST contact} (create only). */
    synchronized Reply writeContacts(ObjectNode body, boolean createIfNotExists, boolean createOnly) {
        JsonNode contactsNode = body.get("contacts");
        boolean single = contactsNode == null;
        List<JsonNode> contacts = new ArrayList<>();
        if (single) {
            ObjectNode one = body.deepCopy();
            one.remove(List.of("key_id", "contact_list_id", "source_id"));
            contacts.add(one);
        } else if (!contactsNode.isArray()) {
            return Reply.error(400, 1001, "contacts must be an array");
        } else {
            contactsNode.forEach(contacts::add);
        }
        if (contacts.size() > MAX_ITEMS) return Reply.error(400, 1000, "Too many contacts: at most " + MAX_ITEMS + " per request");
        ListData list = null;
        JsonNode listId = body.get("contact_list_id");
        if (listId != null && !listId.isNull()) {
            list = lists.get(parseLong(listId.asText()));
            if (list == null) return Reply.error(400, 2020, "Invalid contact_list_id: " + listId.asText());
        }
        Integer key = store.resolveKey(body.get("key_id"));
        ArrayNode ids = JSON.arrayNode();
        ObjectNode errors = JSON.objectNode();
        if (key == null) {
            errors.set("<NO_KEY_ID>", code(2004, "Invalid key field id: " + text(body.get("key_id"))));
            return single ? Reply.error(400, 2004, "Invalid key field id") : Reply.ok(JSON.objectNode().<ObjectNode>set("ids", ids).set("errors", errors));
        }
        String keyName = key == ContactStore.KEY_ID ? "id" : key == ContactStore.KEY_UID ? "uid" : String.valueOf(key);
        for (JsonNode c : contacts) {
            if (!c.isObject()) return Reply.error(400, 1001, "Each contact must be an object");
            JsonNode keyNode = c.get(keyName);
            if (keyNode == null && key >= 0) keyNode = c.get(store.fields().get(key).stringId());
            String keyValue = keyNode != null && keyNode.isValueNode() && !keyNode.isNull() ? keyNode.asText() : null;
            if (keyValue == null || keyValue.isBlank()) {
                errors.set(keyValue == null ? "" : keyValue, code(2005, "Key field value is missing or invalid"));
                continue;
            }
            // validate every value before writing anything for this contact
            List<Map.Entry<Integer, Object>> writes = new ArrayList<>();
            Invalid invalid = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext() && invalid == null; ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals(keyName) || e.getKey().equals("source_id")) continue;
                if (key >= 0 && e.getKey().equals(store.fields().get(key).stringId())) continue;
                Object v = store.validate(e.getKey(), e.getValue());
                if (v instanceof Invalid bad) invalid = bad;
                else writes.add(Map.entry(store.fieldOf(e.getKey()).id(), v == null ? NULL : v));
            }
            if (invalid != null) {
                errors.set(keyValue, code(invalid.code(), invalid.message()));
                continue;
            }
            List<Contact> found = store.find(key, keyValue);
            Contact target;
            boolean created = false;
            if (found.size() > 1) {
                errors.set(keyValue, code(2010, "More than one contact found with the external id: " + keyName + " - " + keyValue));
                continue;
            } else if (found.size() == 1) {
                if (createOnly) {
                    errors.set(keyValue, code(2009, "Contact with the external id already exists: " + keyName));
                    continue;
                }
                target = found.get(0);
            } else if (createIfNotExists || createOnly) {
                if (key < 0) {
                    errors.set(keyValue, code(2004, "Invalid key field id: " + keyName + " cannot be used to create contacts"));
                    continue;
                }
                Object keyChecked = store.validate(keyName, keyNode);
                if (keyChecked instanceof Invalid bad) {
                    errors.set(keyValue, code(2005, "Key field value is invalid: " + bad.message()));
                    continue;
                }
                target = store.create();
                store.set(target, key, keyChecked);
                created = true;
            } else {
                errors.set(keyValue, code(2008, "No contact found with the external id: " + keyName + " - " + keyValue));
                continue;
            }
            for (Map.Entry<Integer, Object> w : writes) store.set(target, w.getKey(), w.getValue() == NULL ? null : w.getValue());
            if (created) ids.add(target.id);
            else ids.add(String.valueOf(target.id));
            if (list != null) list.members.add(target.id);
        }
        if (single) {
            if (!errors.isEmpty()) {
                JsonNode first = errors.elements().next();
                String code = first.fieldNames().next();
                return Reply.error(400, Integer.parseInt(code), first.get(code).asText());
            }
            return Reply.ok(JSON.objectNode().set("id", ids.get(0)));
        }
        return Reply.ok(JSON.objectNode().<ObjectNode>set("ids", ids).set("errors", errors));
    }

    private static final Object NULL = new Object(); // a value that clears the field

    /** {@code POST contact/getdata}: camelCase body; errors as an array; {@code result:false} when nothing found. */
    synchronized Reply getData(ObjectNode body) {
        Integer key = store.resolveKey(body.has("keyId") ? body.get("keyId") : JSON.textNode("3"));
        if (key == null) return Reply.error(400, 2004, "Invalid key field id: " + text(body.get("keyId")));
        JsonNode values = body.get("keyValues");
        if (values == null || !values.isArray()) return Reply.error(400, 1001, "keyValues must be an array");
        if (values.size() > MAX_ITEMS) return Reply.error(400, 1000, "Too many keyValues: at most " + MAX_ITEMS);
        Set<String> wanted = null;
        if (body.get("fields") instanceof ArrayNode fields) {
            wanted = new HashSet<>();
            for (JsonNode f : fields) {
                FieldDef def = store.fieldOf(f.asText());
                if (def != null) wanted.add(String.valueOf(def.id()));
            }
        }
        ArrayNode result = JSON.arrayNode();
        ArrayNode errors = JSON.arrayNode();
        for (JsonNode v : values) {
            String value = v.asText();
            List<Contact> found = store.find(key, value);
            if (found.isEmpty()) {
                errors.add(JSON.objectNode().put("key", value).put("errorCode", 2008).put("errorMsg", "No contact found with the external id: " + key + " - " + value));
                continue;
            }
            for (Contact c : found) {
                ObjectNode row = JSON.objectNode();
                for (Map.Entry<String, Object> e : c.asMap().entrySet()) {
                    boolean meta = e.getKey().equals("id") || e.getKey().equals("uid");
                    if (!meta && wanted != null && !wanted.contains(e.getKey())) continue;
                    row.set(e.getKey(), valueNode(e.getValue()));
                }
                if (wanted != null) for (String f : wanted) if (!row.has(f)) row.putNull(f);
                result.add(row);
            }
        }
        ObjectNode data = JSON.objectNode();
        data.set("errors", errors);
        if (result.isEmpty()) data.put("result", false);
        else data.set("result", result);
        return Reply.ok(data);
    }

    /** {@code POST contact/delete}: {@code {"key_id":"3","3":[…]}}; duplicates of a non-unique key are not deleted. */
    synchronized Reply deleteContacts(ObjectNode body) {
        Integer key = store.resolveKey(body.get("key_id"));
        if (key == null) return Reply.error(400, 2004, "Invalid key field id: " + text(body.get("key_id")));
        String keyName = key == ContactStore.KEY_ID ? "id" : key == ContactStore.KEY_UID ? "uid" : String.valueOf(key);
        JsonNode values = body.get(keyName);
        if (values == null || values.isNull()) return Reply.error(400, 2005, "Key field value is missing: " + keyName);
        List<String> list = new ArrayList<>();
        if (values.isArray()) values.forEach(v -> list.add(v.asText()));
        else list.add(values.asText());
        if (list.size() > MAX_ITEMS) return Reply.error(400, 1000, "Too many contacts: at most " + MAX_ITEMS + " per request");
        ObjectNode errors = JSON.objectNode();
        int deleted = 0;
        for (String value : list) {
            List<Contact> found = store.find(key, value);
            if (found.isEmpty()) {
                errors.set(value, code(2008, "No contact found with the external id: " + keyName + " - " + value));
            } else if (found.size() > 1) {
                errors.set(value, code(2010, "More than one contact found with the external id: " + keyName + " - " + value));
            } else {
                Contact c = found.get(0);
                store.delete(c);
                for (ListData l : lists.values()) l.members.remove(c.id);
                deleted++;
            }
        }
        return Reply.ok(JSON.objectNode().put("deleted_contacts", deleted).set("errors", errors));
    }

    // ---- fields ----

    synchronized Reply listFields() {
        ArrayNode data = JSON.arrayNode();
        for (FieldDef f : store.fields().values()) {
            data.add(JSON.objectNode().put("id", f.id()).put("name", f.name()).put("application_type", f.type()).put("string_id", f.stringId()));
        }
        return Reply.ok(data);
    }

    /** {@code GET field/{id}/choice}: single-choice fields only; Emarsys refuses multichoice ones here (2006). */
    synchronized Reply fieldChoices(String fieldId) {
        FieldDef f = store.fieldOf(fieldId);
        if (f == null) return Reply.error(400, 2006, "Invalid field id: " + fieldId);
        if (f.isMultichoice()) {
            return Reply.error(400, 2006, "Field " + fieldId + " is not a single-choice field; multichoice options are at field/choices?fields=" + fieldId);
        }
        if (!f.isChoice()) return Reply.error(400, 2006, "Field " + fieldId + " has no choices");
        return Reply.ok(choiceList(f));
    }

    /** {@code GET field/choices?fields=a,b}: multichoice options, {@code data} keyed by field id. */
    synchronized Reply multichoiceChoices(String fieldsParam) {
        if (fieldsParam == null || fieldsParam.isBlank()) return Reply.error(400, 1001, "fields is required");
        ObjectNode data = JSON.objectNode();
        for (String id : fieldsParam.split(",")) {
            FieldDef f = store.fieldOf(id.trim());
            if (f == null || !f.isMultichoice()) return Reply.error(400, 2006, "Field " + id.trim() + " is not a multichoice field");
            data.set(String.valueOf(f.id()), choiceList(f));
        }
        return Reply.ok(data);
    }

    private static ArrayNode choiceList(FieldDef f) {
        ArrayNode data = JSON.arrayNode();
        int bit = 0;
        for (Map.Entry<Integer, String> c : f.choices().entrySet()) {
            data.add(JSON.objectNode().put("id", String.valueOf(c.getKey())).put("choice", c.getValue()).put("bit_position", String.valueOf(bit++)));
        }
        return data;
    }

    /** A field made in the Emarsys user interface (where choice fields can be made, unlike through the API). */
    synchronized FieldDef addField(String name, String type, Map<Integer, String> choices) {
        for (FieldDef f : store.fields().values()) {
            if (f.name().equalsIgnoreCase(name)) throw new IllegalArgumentException("field name already exists: " + name);
        }
        return store.createField(name, type, choices);
    }

    synchronized Reply createField(ObjectNode body) {
        String name = text(body.get("name"));
        String type = text(body.get("application_type"));
        if (name == null || name.isBlank() || name.matches("\\d+")) return Reply.error(400, 9001, "Invalid field name");
        if (!Set.of("shorttext", "longtext", "largetext", "date", "url", "numeric").contains(type)) {
            return Reply.error(400, 1001, "Invalid application_type: " + type);
        }
        for (FieldDef f : store.fields().values()) {
            if (f.name().equalsIgnoreCase(name)) return Reply.error(400, 9002, "Field name already exists: " + name);
        }
        FieldDef f = store.createField(name, type, Map.of());
        return Reply.ok(JSON.objectNode().put("id", f.id()));
    }

    // ---- external events ----

    synchronized Reply listEvents() {
        ArrayNode data = JSON.arrayNode();
        for (SandboxEvent e : events.values()) {
            data.add(JSON.objectNode().put("id", e.id()).put("name", e.name()).put("created", CREATED.format(e.created())));
        }
        return Reply.ok(data);
    }

    synchronized Reply createEvent(ObjectNode body, Instant now) {
        String name = text(body.get("name"));
        if (name == null || name.isBlank()) return Reply.error(400, 1001, "name is required");
        for (SandboxEvent e : events.values()) {
            if (e.name().equalsIgnoreCase(name)) return Reply.error(400, 5003, "External event name already exists: " + e.name()); // unique ignoring case
        }
        SandboxEvent e = new SandboxEvent(nextEventId++, name, now, true);
        events.put(e.id(), e);
        return Reply.ok(JSON.objectNode().put("id", e.id()).put("name", e.name()));
    }

    /** {@code GET event/{id}/usages}: a connected event reports one Automation Center program (id 9000 + event id). */
    synchronized Reply eventUsages(String eventIdText) {
        SandboxEvent event = events.get((int) parseLong(eventIdText));
        if (event == null) return Reply.error(400, 5001, "Invalid external event id: " + eventIdText);
        ObjectNode data = JSON.objectNode();
        var programs = data.putArray("program_ids");
        if (event.connected()) programs.add(9000 + event.id());
        data.putArray("email_ids");
        data.putArray("interactions_program_ids");
        return Reply.ok(data);
    }

    synchronized SandboxEvent setEventConnected(int id, boolean connected) {
        SandboxEvent e = events.get(id);
        if (e == null) throw new IllegalArgumentException("no event " + id);
        SandboxEvent changed = new SandboxEvent(e.id(), e.name(), e.created(), connected);
        events.put(id, changed);
        return changed;
    }

    /**
     * {@code POST event/{id}/trigger}, single or batch form. A bad {@code event_time} (5010) or non-object {@code data}
     * (5011) anywhere rejects the whole request and nothing is triggered; unknown contacts are per-item 2008.
     */
    synchronized Reply trigger(String eventIdText, ObjectNode body, Instant now) {
        SandboxEvent event = events.get((int) parseLong(eventIdText));
        if (event == null && options.autoCreate() && parseLong(eventIdText) > 0) {
            event = new SandboxEvent((int) parseLong(eventIdText), "auto-" + eventIdText, now, true);
            events.put(event.id(), event);
            nextEventId = Math.max(nextEventId, event.id() + 1);
        }
        if (event == null) return Reply.error(400, 5001, "Invalid external event id: " + eventIdText);
        Integer key = store.resolveKey(body.get("key_id"));
        if (key == null) return Reply.error(400, 2004, "Invalid key field id: " + text(body.get("key_id")));
        JsonNode contactsNode = body.get("contacts");
        boolean single = contactsNode == null;
        List<JsonNode> items = new ArrayList<>();
        if (single) items.add(body);
        else if (!contactsNode.isArray()) return Reply.error(400, 1001, "contacts must be an array");
        else contactsNode.forEach(items::add);
        if (items.size() > MAX_ITEMS) return Reply.error(400, 1000, "Too many contacts: at most " + MAX_ITEMS + " per request");
        for (JsonNode item : items) { // whole-request checks first: nothing is triggered when one fails
            if (!item.isObject()) return Reply.error(400, 1001, "Each contact must be an object");
            JsonNode time = item.get("event_time");
            if (time != null && !time.isNull() && !(time.isTextual() && validEventTime(time.asText()))) {
                return Reply.error(400, 5010, "Invalid event_time: " + time + " (use YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DDTHH:MM:SS.mmmZ)");
            }
            JsonNode data = item.get("data");
            if (data != null && !data.isNull() && !data.isObject()) return Reply.error(400, 5011, "data must be a JSON object");
        }
        if (!event.connected()) {
            return Reply.error(400, 5005, "The external event is not used by any active program or launched email");
        }
        String keyName = key == ContactStore.KEY_ID ? "id" : key == ContactStore.KEY_UID ? "uid" : String.valueOf(key);
        ArrayNode ids = JSON.arrayNode();
        ObjectNode errors = JSON.objectNode();
        for (JsonNode item : items) {
            String externalId = text(item.get("external_id"));
            if (externalId == null || externalId.isBlank()) {
                errors.set(externalId == null ? "" : externalId, code(2005, "external_id is missing"));
                continue;
            }
            List<Contact> found = store.find(key, externalId);
            if (found.isEmpty()) {
                errors.set(externalId, code(2008, "No contact found with the external id: " + keyName + " - " + externalId));
                continue;
            }
            if (found.size() > 1) {
                errors.set(externalId, code(2010, "More than one contact found with the external id: " + keyName + " - " + externalId));
                continue;
            }
            String triggerId = text(item.get("trigger_id"));
            boolean duplicate = triggerId != null && !triggerIds.add(triggerId);
            JsonNode time = item.get("event_time");
            triggerCount++;
            triggers.addLast(new TriggerRecord(triggerCount, event.id(), keyName, externalId, found.get(0).id, triggerId,
                    time == null || time.isNull() ? null : time.asText(), item.get("data"), now, duplicate));
            while (triggers.size() > options.triggerRecordLimit()) triggers.removeFirst();
            ids.add(String.valueOf(found.get(0).id));
        }
        if (single) {
            if (!errors.isEmpty()) {
                JsonNode first = errors.elements().next();
                String code = first.fieldNames().next();
                return Reply.error(400, Integer.parseInt(code), first.get(code).asText());
            }
            return Reply.ok(JSON.objectNode());
        }
        return Reply.ok(JSON.objectNode().<ObjectNode>set("ids", ids).set("errors", errors));
    }

    static boolean validEventTime(String s) {
        if (!EVENT_TIME.matcher(s).matches()) return false;
        try {
            Instant.parse(s);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    // ---- contact lists ----

    synchronized Reply listLists() {
        ArrayNode data = JSON.arrayNode();
        for (ListData l : lists.values()) {
            data.add(JSON.objectNode().put("id", String.valueOf(l.id)).put("name", l.name)
                    .put("created", CREATED.format(l.created)).put("type", 0));
        }
        return Reply.ok(data);
    }

    synchronized Reply createList(ObjectNode body, Instant now) {
        String name = text(body.get("name"));
        if (name == null || name.isBlank() || name.length() > 255 || name.matches(".*[<>\"].*")) {
            return Reply.error(400, 3004, "Invalid list name: " + name);
        }
        for (ListData l : lists.values()) {
            if (l.name.equalsIgnoreCase(name)) return Reply.error(400, 3005, "List name already exists: " + l.name); // unique ignoring case
        }
        JsonNode ids = body.get("external_ids");
        if (ids == null || !ids.isArray()) return Reply.error(400, 3003, "external_ids must be an array");
        if (ids.size() > MAX_LIST_IDS) return Reply.error(400, 3002, "Too many external_ids: at most " + MAX_LIST_IDS);
        Integer key = store.resolveKey(body.get("key_id"));
        if (key == null) return Reply.error(400, 2004, "Invalid key field id: " + text(body.get("key_id")));
        ListData l = new ListData(nextListId++, name, text(body.get("description")), now);
        lists.put(l.id, l);
        ObjectNode errors = JSON.objectNode();
        addMembers(l, key, ids, errors);
        return Reply.ok(JSON.objectNode().put("id", l.id).set("errors", errors.isEmpty() ? JSON.arrayNode() : errors));
    }

    /** {@code POST contactlist/{id}/add} or {@code /delete}: empty errors come back as {@code []}, as Emarsys does. */
    synchronized Reply changeList(String listIdText, ObjectNode body, boolean add, Instant now) {
        ListData l = lists.get(parseLong(listIdText));
        if (l == null && options.autoCreate() && parseLong(listIdText) > 0) {
            l = new ListData(parseLong(listIdText), "auto-" + listIdText, null, now);
            lists.put(l.id, l);
        }
        if (l == null) return Reply.error(400, 3006, "No such contact list: " + listIdText);
        JsonNode ids = body.get("external_ids");
        if (ids == null || !ids.isArray()) return Reply.error(400, 3003, "external_ids must be an array");
        if (ids.size() > MAX_LIST_IDS) return Reply.error(400, 3002, "Too many external_ids: at most " + MAX_LIST_IDS);
        Integer key = store.resolveKey(body.get("key_id"));
        if (key == null) return Reply.error(400, 2004, "Invalid key field id: " + text(body.get("key_id")));
        ObjectNode errors = JSON.objectNode();
        int changed;
        if (add) {
            changed = addMembers(l, key, ids, errors);
        } else {
            changed = 0;
            for (JsonNode v : ids) {
                List<Contact> found = store.find(key, v.asText());
                if (found.isEmpty()) errors.set(v.asText(), code(2008, "No contact found with the external id: " + v.asText()));
                for (Contact c : found) if (l.members.remove(c.id)) changed++;
            }
        }
        return Reply.ok(JSON.objectNode().put(add ? "inserted_contacts" : "deleted_contacts", changed)
                .set("errors", errors.isEmpty() ? JSON.arrayNode() : errors));
    }

    private int addMembers(ListData l, int key, JsonNode ids, ObjectNode errors) {
        int inserted = 0;
        for (JsonNode v : ids) {
            List<Contact> found = store.find(key, v.asText());
            if (found.isEmpty()) {
                errors.set(v.asText(), code(2008, "No contact found with the external id: " + v.asText()));
            } else {
                for (Contact c : found) if (l.members.add(c.id)) inserted++;
            }
        }
        return inserted;
    }

    synchronized Reply countList(String listIdText) {
        ListData l = lists.get(parseLong(listIdText));
        if (l == null) return Reply.error(400, 3006, "No such contact list: " + listIdText);
        return Reply.ok(JSON.numberNode(l.members.size()));
    }

    synchronized Reply settings() {
        return Reply.ok(JSON.objectNode().put("id", options.accountId()).put("environment", "sandbox")
                .put("timezone", "UTC").put("name", options.accountName()).put("language", "en")
                .put("total_contacts", store.size()));
    }

    // ---- inspection and setup for tests ----

    synchronized List<Map<String, Object>> contacts(int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Contact c : store.all()) {
            if (out.size() >= limit) break;
            out.add(c.asMap());
        }
        return out;
    }

    synchronized int contactCount() {
        return store.size();
    }

    /** Contacts whose field {@code fieldId} equals {@code value} (e-mail ignores case). */
    synchronized List<Map<String, Object>> findContacts(String fieldId, String value) {
        Integer key = store.resolveKey(JSON.textNode(fieldId));
        if (key == null) throw new IllegalArgumentException("not a key field: " + fieldId);
        return store.find(key, value).stream().map(Contact::asMap).toList();
    }

    /** Inserts a contact directly (no validation beyond field existence), e.g. to create a duplicate key for 2010. */
    synchronized long insertContact(Map<String, String> values) {
        Contact c = store.create();
        values.forEach((k, v) -> {
            FieldDef f = store.fieldOf(k);
            if (f == null) throw new IllegalArgumentException("no field " + k);
            store.set(c, f.id(), v);
        });
        return c.id;
    }

    synchronized int createEventDirect(String name, Instant now) {
        Reply r = createEvent(JSON.objectNode().put("name", name), now);
        if (r.replyCode() != 0) throw new IllegalArgumentException(r.replyText());
        return r.data().get("id").asInt();
    }

    synchronized long createListDirect(String name, Instant now) {
        Reply r = createList(JSON.objectNode().put("name", name).put("key_id", "3").set("external_ids", JSON.arrayNode()), now);
        if (r.replyCode() != 0) throw new IllegalArgumentException(r.replyText());
        return r.data().get("id").asLong();
    }

    synchronized List<SandboxEvent> events() {
        return List.copyOf(events.values());
    }

    synchronized List<SandboxList> lists() {
        return lists.values().stream()
                .map(l -> new SandboxList(l.id, l.name, l.description, l.created, List.copyOf(l.members))).toList();
    }

    synchronized List<TriggerRecord> triggers() {
        return List.copyOf(triggers);
    }

    synchronized long triggerCount() {
        return triggerCount;
    }

    // ---- helpers ----

    private static ObjectNode code(int code, String message) {
        return JSON.objectNode().put(String.valueOf(code), message);
    }

    private static JsonNode valueNode(Object v) {
        if (v instanceof List<?> l) {
            ArrayNode a = JSON.arrayNode();
            l.forEach(x -> a.add(String.valueOf(x)));
            return a;
        }
        return v == null ? JSON.nullNode() : JSON.textNode(v.toString());
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
