package io.emarsysdest.core.datamap;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One Emarsys contact field as the account defines it.
 *
 * @param id       the field id as a string ("3" for e-mail); what contact objects use as key
 * @param name     the display name ("E-mail")
 * @param stringId Emarsys's string id ("email"), or null
 * @param type     what values it takes
 * @param readOnly true for fields Emarsys computes (statistics, interests); a map may not write them
 * @param choices  for single- and multichoice fields: choice id → label (single-choice: {@code GET /field/{id}/choice}; multichoice: {@code GET /field/choices}); empty otherwise
 */
public record Field(String id, String name, String stringId, FieldType type, boolean readOnly, Map<String, String> choices) {
    public Field {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        choices = choices == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(choices));
    }

    public Field(String id, String name, String stringId, FieldType type) {
        this(id, name, stringId, type, type == FieldType.SPECIAL, Map.of());
    }

    public Field withChoices(Map<String, String> newChoices) {
        return new Field(id, name, stringId, type, readOnly, newChoices);
    }

    public boolean writable() {
        return !readOnly && type != FieldType.SPECIAL;
    }

    /** "5 (Gender)": how problems and warnings name a field. */
    public String describe() {
        return id + " (" + name + ")";
    }
}
