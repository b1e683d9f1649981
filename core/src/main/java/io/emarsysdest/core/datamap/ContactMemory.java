package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.delivery.Operation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What has been sent to Emarsys for one contact: a hash of each field's last value and each list's last membership
 * change. Segment sources call identify with the same traits on every page load; without this memory each call
 * would cost an upsert from the Emarsys request budget (1,000 a minute) and rewrite unchanged fields.
 *
 * <p>{@link #filter} drops what Emarsys already has: an upsert keeps the key field and the fields whose value
 * changed (Emarsys leaves omitted fields as they are) and is dropped when none did; a list change equal to the last
 * one for that list is dropped. The memory is about one key value: ask with another key (an e-mail change) and it
 * starts empty, so the renamed contact gets everything. Whoever learns that something remembered did not arrive (a
 * dead letter, a merge, a deletion) forgets the person's memory; the next event then sends everything again.
 */
public final class ContactMemory {
    private String key;
    private final Map<String, Long> fields;
    private final Map<String, Boolean> lists;

    private ContactMemory(String key, Map<String, Long> fields, Map<String, Boolean> lists) {
        this.key = key;
        this.fields = fields;
        this.lists = lists;
    }

    /** Nothing sent yet. */
    public static ContactMemory empty() {
        return new ContactMemory(null, new HashMap<>(), new HashMap<>());
    }

    /**
     * The operations Emarsys still needs, in order, and remembers them as sent.
     *
     * @param ops one event's operations for this contact (as {@link MapResult#operations()} lists them)
     */
    public List<ContactOperation> filter(List<ContactOperation> ops) {
        List<ContactOperation> out = new ArrayList<>(ops.size());
        for (ContactOperation op : ops) {
            if (!Objects.equals(op.keyValue(), key)) {
                key = op.keyValue();
                fields.clear();
                lists.clear();
            }
            switch (op.op()) {
                case CONTACT_UPSERT -> {
                    ObjectNode changed = changedFields(op);
                    if (changed != null) out.add(new ContactOperation(op.op(), op.keyField(), op.keyValue(), op.target(), changed));
                }
                case LIST_ADD, LIST_REMOVE -> {
                    Boolean add = op.op() == Operation.LIST_ADD;
                    if (!add.equals(lists.put(op.target(), add))) out.add(op);
                }
                default -> out.add(op);
            }
        }
        return out;
    }

    /**
     * The payload without the fields whose value is the one last sent (the key field stays, order kept); the payload
     * itself when every field changed; null when nothing changed.
     */
    private ObjectNode changedFields(ContactOperation op) {
        ObjectNode payload = op.payload();
        List<String> same = null;
        int others = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = payload.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals(op.keyField())) continue;
            others++;
            Long hash = hash(f.getValue());
            if (hash.equals(fields.put(f.getKey(), hash))) {
                if (same == null) same = new ArrayList<>();
                same.add(f.getKey());
            }
        }
        if (others == 0) {
            // A bare-key upsert creates the contact before a list change: needed only if nothing was sent yet.
            return fields.isEmpty() ? markCreated(payload) : null;
        }
        if (same == null) return payload;
        if (same.size() == others) return null;
        ObjectNode changed = payload.deepCopy();
        changed.remove(same);
        return changed;
    }

    /** Remembers that a bare-key upsert created the contact (an entry no Emarsys field id can clash with). */
    private ObjectNode markCreated(ObjectNode payload) {
        fields.put("", 0L);
        return payload;
    }

    /** The contact key value this memory is about; null when nothing is remembered. */
    public String key() {
        return key;
    }

    /** Whether a value of this field was sent (since the memory was last forgotten). */
    public boolean sentField(String fieldId) {
        return fields.containsKey(fieldId);
    }

    /** The last membership change sent per list target (true: added, false: removed). */
    public Map<String, Boolean> lists() {
        return java.util.Collections.unmodifiableMap(lists);
    }

    /** True when nothing is remembered (everything will be sent). */
    public boolean isEmpty() {
        return key == null;
    }

    /** As stored: {@code {"k": key, "f": {field id: hash}, "l": {list target: added}}}. */
    public ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("k", key);
        ObjectNode f = out.putObject("f");
        fields.forEach(f::put);
        ObjectNode l = out.putObject("l");
        lists.forEach(l::put);
        return out;
    }

    /** Reads {@link #toJson()}'s form; anything unreadable counts as nothing sent (everything is sent again). */
    public static ContactMemory fromJson(JsonNode json) {
        if (json == null || !json.isObject() || !json.path("k").isTextual()) return empty();
        ContactMemory m = new ContactMemory(json.get("k").textValue(), new HashMap<>(), new HashMap<>());
        for (Iterator<Map.Entry<String, JsonNode>> it = json.path("f").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().canConvertToLong()) m.fields.put(e.getKey(), e.getValue().longValue());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = json.path("l").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isBoolean()) m.lists.put(e.getKey(), e.getValue().booleanValue());
        }
        return m;
    }

    /** FNV-1a over the value's JSON text, mixed: 64 bits, so two different values practically never collide. */
    static long hash(JsonNode value) {
        String s = value.toString();
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }
}
