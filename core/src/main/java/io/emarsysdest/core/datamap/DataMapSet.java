package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.validation.Problem;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * All active data maps plus audience sync: what the event processor evaluates per event. Immutable and thread-safe;
 * the server builds a new one when a map is published or the field catalog changes and swaps it in.
 */
public final class DataMapSet {
    private final String keyField;
    private final CompiledDataMap[] maps;
    private final AudienceSync audiences;
    private final List<Problem> problems;

    private DataMapSet(String keyField, List<CompiledDataMap> maps, AudienceSync audiences, List<Problem> problems) {
        this.keyField = keyField;
        this.maps = maps.toArray(CompiledDataMap[]::new);
        this.audiences = audiences;
        this.problems = List.copyOf(problems);
    }

    /**
     * Compiles the published maps: the built-in {@link DefaultDataMap} comes first unless a published map has the id
     * "default"; the others follow in id order (so a later map wins a field both write), all with the default key
     * field (3, e-mail).
     */
    public static DataMapSet assemble(Collection<DataMap> published, FieldCatalog catalog, AudienceSync audiences) {
        return assemble(published, catalog, audiences, DataMap.DEFAULT_KEY_FIELD);
    }

    /**
     * As {@link #assemble(Collection, FieldCatalog, AudienceSync)} with the service's configured key field
     * ({@code identity.keyField}: an id, name or string id). Maps without a key field of their own use it; a map
     * naming another key field is left out (its problems include {@code key_field_mismatch}).
     */
    public static DataMapSet assemble(Collection<DataMap> published, FieldCatalog catalog, AudienceSync audiences,
                                      String configuredKeyField) {
        List<DataMap> ordered = new ArrayList<>(published);
        ordered.sort(Comparator.comparing((DataMap m) -> !m.id().equals(DefaultDataMap.ID)).thenComparing(DataMap::id));
        if (ordered.stream().noneMatch(m -> m.id().equals(DefaultDataMap.ID))) ordered.add(0, DefaultDataMap.map());
        List<CompiledDataMap> compiled = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        String keyField = catalog.resolve(configuredKeyField).map(Field::id).orElse(configuredKeyField);
        for (DataMap m : ordered) {
            CompiledDataMap c = DataMapCompiler.compile(m, catalog, configuredKeyField);
            for (Problem p : c.problems()) problems.add(p.under(m.id()));
            if (!c.keyField().equals(keyField)) continue; // reported by the compiler as key_field_mismatch
            compiled.add(c);
        }
        return new DataMapSet(keyField, compiled, audiences == null ? AudienceSync.DISABLED : audiences, problems);
    }

    /**
     * Everything the data maps and audience sync make of one event.
     *
     * @param event        the event
     * @param personTraits the person's merged traits (after this event), read by {@code person.traits.*} sources; may be null
     * @param keyValue     the contact's key value from the users table (raw, as Emarsys should see it), or null when
     *                     unknown; when given it is authoritative and written to the key field
     * @return fields for a {@code CONTACT_UPSERT} (check {@link MapResult#hasContactUpdate()}), list changes, warnings
     */
    public MapResult evaluate(Event event, ObjectNode personTraits, String keyValue) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        List<ListChange> lists = new ArrayList<>(0);
        Warnings w = new Warnings();
        EvalContext ctx = new EvalContext(event, personTraits);
        for (CompiledDataMap m : maps) m.apply(ctx, fields, lists, w);
        audiences.changes(event, lists);
        return finish(keyField, keyValue, fields, lists, w);
    }

    static MapResult finish(String keyField, String keyValue, ObjectNode fields, List<ListChange> lists, Warnings w) {
        String key = keyValue == null || keyValue.isBlank() ? null : keyValue;
        if (key == null) {
            JsonNode k = fields.get(keyField);
            if (k != null && k.isValueNode() && !k.isNull() && !k.asText().isBlank()) key = k.asText();
        }
        if (key != null) {
            // the key goes last, so default-map payloads read exactly like the reference ({"1":…,"2":…,"3":…})
            fields.remove(keyField);
            fields.put(keyField, key);
        }
        return new MapResult(keyField, key, fields, lists, w.toList());
    }

    public String keyField() {
        return keyField;
    }

    public List<CompiledDataMap> maps() {
        return List.of(maps);
    }

    public AudienceSync audiences() {
        return audiences;
    }

    /** Problems met while assembling (maps or mappings left out); empty when every published map is sound. */
    public List<Problem> problems() {
        return problems;
    }
}
