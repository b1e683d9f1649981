package io.emarsysdest.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Contacts and fields in plain data structures; NOT thread-safe (the sandbox guards it with one lock).
 * A contact stores its values in two small parallel arrays to stay lean at a million contacts. Fields used as
 * key are indexed (value → contact, or several contacts when the key is not unique).
 */
final class ContactStore {
    static final int KEY_ID = -1;   // key_id "id": the internal contact id
    static final int KEY_UID = -2;  // key_id "uid"
    private static final Pattern NUMERIC = Pattern.compile("-?(0|[1-9]\\d{0,23})(\\.\\d+)?");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    static final class Contact {
        final long id;
        int[] fieldIds = new int[0];
        Object[] values = new Object[0]; // String, or List<Integer> for multichoice

        Contact(long id) {
            this.id = id;
        }

        String uid() {
            return Long.toHexString(id * 2654435761L & 0xffffffffffL);
        }

        Object get(int fieldId) {
            for (int i = 0; i < fieldIds.length; i++) if (fieldIds[i] == fieldId) return values[i];
            return null;
        }

        void put(int fieldId, Object value) {
            for (int i = 0; i < fieldIds.length; i++) {
                if (fieldIds[i] == fieldId) {
                    if (value == null) { // clear: drop the slot
                        int n = fieldIds.length - 1;
                        fieldIds[i] = fieldIds[n];
                        values[i] = values[n];
                        fieldIds = Arrays.copyOf(fieldIds, n);
                        values = Arrays.copyOf(values, n);
                    } else {
                        values[i] = value;
                    }
                    return;
                }
            }
            if (value == null) return;
            fieldIds = Arrays.copyOf(fieldIds, fieldIds.length + 1);
            values = Arrays.copyOf(values, values.length + 1);
            fieldIds[fieldIds.length - 1] = fieldId;
            values[values.length - 1] = value;
        }

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", String.valueOf(id));
            m.put("uid", uid());
            for (int i = 0; i < fieldIds.length; i++) m.put(String.valueOf(fieldIds[i]), values[i]);
            return m;
        }
    }

    /** A value that could not be accepted, with the Emarsys reply code. */
    record Invalid(int code, String message) {
    }

    private final Map<Integer, FieldDef> fields = new LinkedHashMap<>();
    private final Map<String, FieldDef> fieldsByStringId = new HashMap<>();
    private final HashMap<Long, Contact> byId = new HashMap<>();
    private final Map<Integer, HashMap<String, Object>> indexes = new HashMap<>(); // value → Contact | Contact[]
    private long nextId = 100_000_001L;
    private int nextFieldId;

    private final boolean autoCreateFields;

    ContactStore(List<FieldDef> customFields, boolean autoCreateFields) {
        this.autoCreateFields = autoCreateFields;
        for (FieldDef f : FieldDef.systemFields()) addField(f);
        for (FieldDef f : customFields) addField(f);
        nextFieldId = Math.max(1000, fields.keySet().stream().mapToInt(i -> i).max().orElse(0) + 1);
        indexes.put(3, new HashMap<>());
    }

    void addField(FieldDef f) {
        fields.put(f.id(), f);
        fieldsByStringId.put(f.stringId(), f);
        nextFieldId = Math.max(nextFieldId, f.id() + 1);
    }

    FieldDef createField(String name, String type, Map<Integer, String> choices) {
        FieldDef c = FieldDef.custom(nextFieldId++, name, type);
        FieldDef f = new FieldDef(c.id(), c.name(), c.type(), c.stringId(), false, choices);
        addField(f);
        return f;
    }

    Map<Integer, FieldDef> fields() {
        return fields;
    }

    int size() {
        return byId.size();
    }

    Iterable<Contact> all() {
        return byId.values();
    }

    Contact byId(long id) {
        return byId.get(id);
    }

    /** Resolves a {@code key_id} (field id, string id, "id" or "uid"); null when invalid (2004). */
    Integer resolveKey(JsonNode keyId) {
        if (keyId == null || keyId.isNull() || keyId.isMissingNode()) return 3; // e-mail when left out
        String text = keyId.asText().trim();
        if (text.equals("id")) return KEY_ID;
        if (text.equals("uid")) return KEY_UID;
        FieldDef f = existingField(text); // never auto-created: a key field must exist in the account (else 2004)
        if (f == null || f.isChoice() || f.readOnly()) return null;
        return f.id();
    }

    /** A field the account has, by numeric id or string id (no demo auto-creation). */
    FieldDef existingField(String idOrName) {
        try {
            return fields.get(Integer.parseInt(idOrName));
        } catch (NumberFormatException e) {
            return fieldsByStringId.get(idOrName);
        }
    }

    /** A field by numeric id or string id. */
    FieldDef fieldOf(String idOrName) {
        try {
            int id = Integer.parseInt(idOrName);
            FieldDef f = fields.get(id);
            if (f == null && autoCreateFields && id > 0) { // demo mode: any numeric field id exists as shorttext
                f = FieldDef.custom(id, "auto-" + id, "shorttext");
                addField(f);
            }
            return f;
        } catch (NumberFormatException e) {
            return fieldsByStringId.get(idOrName);
        }
    }

    /** All contacts whose key field has this value (0, 1 or more). */
    List<Contact> find(int keyField, String value) {
        if (keyField == KEY_ID) {
            try {
                Contact c = byId.get(Long.parseLong(value));
                return c == null ? List.of() : List.of(c);
            } catch (NumberFormatException e) {
                return List.of();
            }
        }
        if (keyField == KEY_UID) {
            for (Contact c : byId.values()) if (c.uid().equals(value)) return List.of(c);
            return List.of();
        }
        Object hit = index(keyField).get(normalise(keyField, value));
        if (hit == null) return List.of();
        if (hit instanceof Contact c) return List.of(c);
        return List.of((Contact[]) hit);
    }

    Contact create() {
        Contact c = new Contact(nextId++);
        byId.put(c.id, c);
        return c;
    }

    /** Writes a validated value, keeping indexes right. */
    void set(Contact c, int fieldId, Object value) {
        HashMap<String, Object> index = indexes.get(fieldId);
        if (index != null) {
            Object old = c.get(fieldId);
            if (old != null) unindex(index, normalise(fieldId, old.toString()), c);
        }
        c.put(fieldId, value);
        if (index != null && value != null) addToIndex(index, normalise(fieldId, value.toString()), c);
    }

    void delete(Contact c) {
        byId.remove(c.id);
        for (Map.Entry<Integer, HashMap<String, Object>> e : indexes.entrySet()) {
            Object v = c.get(e.getKey());
            if (v != null) unindex(e.getValue(), normalise(e.getKey(), v.toString()), c);
        }
    }

    void clear() {
        byId.clear();
        for (HashMap<String, Object> index : indexes.values()) index.clear();
        nextId = 100_000_001L;
    }

    /**
     * Checks one value for a field as Emarsys would; returns the value to store (String, List of choice ids, or null
     * to clear) or an {@link Invalid}.
     */
    Object validate(String fieldKey, JsonNode value) {
        if (fieldKey.equals("id") || fieldKey.equals("uid")) return new Invalid(2007, "Field " + fieldKey + " cannot be set");
        FieldDef f = fieldOf(fieldKey);
        if (f == null) return new Invalid(2006, "Invalid field id: " + fieldKey);
        if (f.readOnly()) return new Invalid(2007, "Field " + f.id() + " (" + f.name() + ") is read-only");
        if (value == null || value.isNull()) return null;
        if (f.id() == 31) { // opt-in: 1 true, 2 false, null; "true"/"false" are rejected
            String s = value.asText();
            return (value.isIntegralNumber() || value.isTextual()) && (s.equals("1") || s.equals("2")) ? s : new Invalid(2007, bad(f, value));
        }
        switch (f.type()) {
            case "multichoice" -> {
                if (!value.isArray()) return new Invalid(2007, bad(f, value) + " (multichoice needs an array)");
                List<Integer> ids = new ArrayList<>();
                for (JsonNode v : value) {
                    Integer id = choiceId(f, v);
                    if (id == null) return new Invalid(2007, bad(f, value) + " (unknown choice id)");
                    ids.add(id);
                }
                return List.copyOf(ids);
            }
            case "singlechoice" -> {
                if (value.isTextual() && value.asText().isEmpty()) return null;
                Integer id = choiceId(f, value);
                return id == null ? new Invalid(2007, bad(f, value) + " (unknown choice id)") : String.valueOf(id);
            }
            default -> {
            }
        }
        if (!value.isValueNode()) return new Invalid(2007, bad(f, value));
        String s = value.asText();
        switch (f.type()) {
            case "date", "birthdate" -> {
                if (s.isEmpty()) return null;
                if (!ISO_DATE.matcher(s).matches()) return new Invalid(2007, bad(f, value) + " (expected YYYY-MM-DD)");
                try {
                    LocalDate.parse(s);
                } catch (DateTimeParseException e) {
                    return new Invalid(2007, bad(f, value) + " (no such date)");
                }
            }
            case "numeric" -> {
                if (s.isEmpty()) return null;
                if (!NUMERIC.matcher(s).matches()) return new Invalid(2007, bad(f, value) + " (not a number)");
            }
            default -> {
            }
        }
        return s;
    }

    /** Built only on failure: JsonNode.toString serialises. */
    private static String bad(FieldDef f, JsonNode value) {
        return "Invalid value for field " + f.id() + " (" + f.name() + "): " + value;
    }

    private static Integer choiceId(FieldDef f, JsonNode v) {
        if (!(v.isIntegralNumber() || v.isTextual())) return null;
        try {
            int id = Integer.parseInt(v.asText().trim());
            return f.choices().containsKey(id) ? id : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private HashMap<String, Object> index(int fieldId) {
        return indexes.computeIfAbsent(fieldId, id -> { // first use of a key field: index it
            HashMap<String, Object> index = new HashMap<>();
            for (Contact c : byId.values()) {
                Object v = c.get(id);
                if (v != null) addToIndex(index, normalise(id, v.toString()), c);
            }
            return index;
        });
    }

    /** E-mail matching ignores case, as Emarsys does; other keys match exactly. */
    private static String normalise(int fieldId, String value) {
        return fieldId == 3 ? value.trim().toLowerCase(Locale.ROOT) : value;
    }

    private static void addToIndex(HashMap<String, Object> index, String key, Contact c) {
        index.merge(key, c, (old, add) -> {
            Contact[] before = old instanceof Contact one ? new Contact[]{one} : (Contact[]) old;
            for (Contact x : before) if (x == add) return old;
            Contact[] after = Arrays.copyOf(before, before.length + 1);
            after[before.length] = (Contact) add;
            return after;
        });
    }

    private static void unindex(HashMap<String, Object> index, String key, Contact c) {
        Object hit = index.get(key);
        if (hit == c) {
            index.remove(key);
        } else if (hit instanceof Contact[] many) {
            Contact[] rest = Arrays.stream(many).filter(x -> x != c).toArray(Contact[]::new);
            index.put(key, rest.length == 1 ? rest[0] : rest);
        }
    }
}
