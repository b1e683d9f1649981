package io.emarsysdest.core.datamap;

import java.util.List;
import java.util.Objects;

/**
 * A data map: which events it applies to and how their data becomes Emarsys contact fields and list memberships.
 * Stored and exchanged as JSON ({@link DataMapJson}); {@link #SCHEMA} is the model version written into it.
 *
 * @param id          stable identifier (letters, digits, '-', '_'); "default" replaces the built-in default map
 * @param name        display name
 * @param description free text, may be null
 * @param enabled     a disabled map is kept but not evaluated
 * @param keyField    the Emarsys key field (id, name or string id), or null for the configured key field
 *                    ({@code identity.keyField}, by default "3", e-mail)
 * @param appliesTo   event filter for every mapping that does not set its own
 * @param empty       default null/"" policy of its mappings
 * @param mappings    field mappings, applied in order (a later mapping that yields a value for the same field wins)
 * @param lists       list membership rules
 */
public record DataMap(String id, String name, String description, boolean enabled, String keyField,
                      AppliesTo appliesTo, EmptyPolicy empty, List<Mapping> mappings, List<ListRule> lists) {
    public static final int SCHEMA = 1;
    /** The key field when none is configured: e-mail. */
    public static final String DEFAULT_KEY_FIELD = StandardFields.EMAIL;

    public DataMap {
        Objects.requireNonNull(id, "id");
        name = name == null ? id : name;
        keyField = keyField == null || keyField.isBlank() ? null : keyField;
        appliesTo = appliesTo == null ? AppliesTo.DEFAULT : appliesTo.inheriting(AppliesTo.DEFAULT);
        empty = empty == null ? EmptyPolicy.CLEAR : empty;
        mappings = mappings == null ? List.of() : List.copyOf(mappings);
        lists = lists == null ? List.of() : List.copyOf(lists);
    }
}
