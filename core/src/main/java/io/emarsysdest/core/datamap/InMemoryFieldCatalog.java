package io.emarsysdest.core.datamap;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** An immutable catalog over a given list of fields: the standard one, a test fixture, or a fetched copy. */
public final class InMemoryFieldCatalog implements FieldCatalog {
    private final Map<String, Field> byId = new LinkedHashMap<>();
    private final Map<String, Field> byName = new HashMap<>();

    public InMemoryFieldCatalog(Collection<Field> fields) {
        for (Field f : fields) {
            byId.put(f.id(), f);
            byName.putIfAbsent(normal(f.name()), f);
        }
        // string ids rank after names so a field named like another's string id stays reachable by its name
        for (Field f : fields) {
            if (f.stringId() != null && !f.stringId().isBlank()) byName.putIfAbsent(normal(f.stringId()), f);
        }
    }

    static String normal(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public Optional<Field> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public Optional<Field> byName(String nameOrStringId) {
        return nameOrStringId == null ? Optional.empty() : Optional.ofNullable(byName.get(normal(nameOrStringId)));
    }

    @Override
    public Collection<Field> all() {
        return List.copyOf(byId.values());
    }

    /** A copy with one field replaced or added (used to give a field its choices). */
    public InMemoryFieldCatalog with(Field field) {
        Map<String, Field> copy = new LinkedHashMap<>(byId);
        copy.put(field.id(), field);
        return new InMemoryFieldCatalog(copy.values());
    }
}
