package io.emarsysdest.core.datamap;

import io.emarsysdest.core.identity.KeyFormat;
import io.emarsysdest.core.validation.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one Emarsys key field of the service ({@code identity.keyField}): the field the primary key is written to and
 * the {@code key_id} of every upsert, trigger, list change, rename and deletion. This class says what keys the field
 * can hold ({@link #format}, {@link #maxLength}) and which configurations cannot work ({@link #problems}).
 */
public final class KeyField {
    private KeyField() {
    }

    /** Types that cannot identify a contact: choices are ids from a short list, dates repeat, opt-in is 1/2. */
    private static final Set<FieldType> UNSUITABLE = Set.of(FieldType.SINGLECHOICE, FieldType.MULTICHOICE,
            FieldType.DATE, FieldType.BIRTHDATE, FieldType.OPTIN, FieldType.SPECIAL);

    /** What primary keys written to this field are: e-mail for field 3, a number for numeric fields, else text. */
    public static KeyFormat format(Field field) {
        if (isEmail(field)) return KeyFormat.EMAIL;
        return field.type() == FieldType.NUMERIC ? KeyFormat.NUMBER : KeyFormat.TEXT;
    }

    /** The most characters the field keeps (shorttext 60, longtext and e-mail 255), 0 for no limit. */
    public static int maxLength(Field field) {
        if (field.type() == FieldType.NUMERIC) return 0; // digits are checked by the format
        return field.type().maxLength();
    }

    static boolean isEmail(Field field) {
        return StandardFields.EMAIL.equals(field.id()) || "email".equalsIgnoreCase(field.stringId());
    }

    /**
     * Every reason the configured key field cannot work with these settings and maps; empty when it can.
     *
     * @param configured      the {@code identity.keyField} setting (id, name or string id)
     * @param catalog         the account's fields
     * @param catalogFallback true when the catalog is the built-in fallback (Emarsys could not be read): a numeric id
     *                        missing from it is then not a problem (it is checked again by Emarsys on delivery)
     * @param primaryKeyPaths where the users table reads the primary key
     * @param maps            the running maps, assembled with this key field
     */
    public static List<Problem> problems(String configured, FieldCatalog catalog, boolean catalogFallback,
                                         List<String> primaryKeyPaths, DataMapSet maps) {
        List<Problem> problems = new ArrayList<>();
        String at = "identity.keyField";
        Optional<Field> found = catalog.resolve(configured);
        if (found.isEmpty()) {
            if (!(catalogFallback && configured.matches("\\d+"))) {
                problems.add(new Problem(at, "unknown_field", "'" + configured + "' is not a field of the Emarsys account"
                        + (catalogFallback ? " (the field catalog could not be read from Emarsys: give the field's numeric id)" : "")
                        + "; use a field id, name or string id, e.g. 3 for E-mail"));
            }
        } else if (!found.get().writable()) {
            problems.add(new Problem(at, "read_only_field", "field " + found.get().describe() + " is read-only and cannot be the key field"));
        } else if (UNSUITABLE.contains(found.get().type())) {
            problems.add(new Problem(at, "unsuitable_key_field", "field " + found.get().describe() + " is "
                    + found.get().type().wire() + " and cannot identify a contact; use e-mail (3) or a text or numeric field"));
        }
        for (Problem p : maps.problems()) {
            if (p.code().equals("key_field_mismatch")) problems.add(p.under("dataMaps"));
        }
        for (CompiledDataMap m : maps.maps()) {
            if (!m.enabled()) continue;
            List<Mapping> mappings = m.source().mappings();
            for (int i = 0; i < mappings.size(); i++) {
                Mapping mapping = mappings.get(i);
                String target = catalog.resolve(mapping.target()).map(Field::id).orElse(mapping.target());
                if (!target.equals(maps.keyField())) continue;
                String where = "dataMaps." + m.id() + ".mappings[" + i + "]";
                if (!(mapping.source() instanceof Source.Paths p)) {
                    problems.add(new Problem(where, "key_field_source_mismatch", "map " + m.id() + " writes the key field "
                            + maps.keyField() + " from a template or a value, but the key field always takes the primary key"
                            + " (identity.primaryKeyPaths); remove that mapping"));
                    continue;
                }
                List<String> missing = primaryKeyPaths.stream().filter(k -> !p.paths().contains(k)).toList();
                if (!missing.isEmpty()) {
                    problems.add(new Problem(where, "key_field_source_mismatch", "map " + m.id() + " writes "
                            + String.join(", ", p.paths()) + " to the key field " + maps.keyField() + ", but the primary key is read from "
                            + String.join(", ", primaryKeyPaths) + ": set identity.keyField (KEY_FIELD) to the Emarsys field that holds "
                            + String.join(", ", missing) + " (field " + maps.keyField() + " then stays an ordinary field), "
                            + "or read the primary key from " + String.join(", ", p.paths())));
                }
            }
        }
        return problems;
    }
}
