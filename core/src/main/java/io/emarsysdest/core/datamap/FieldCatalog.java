package io.emarsysdest.core.datamap;

import java.util.Collection;
import java.util.Optional;

/**
 * The account's contact fields and their choices. The server implements it over the Emarsys client
 * ({@code GET /field/translate/en}, {@code GET /field/{id}/choice}, {@code GET /field/choices}) and caches it; tests use
 * {@link StandardFields#catalog()}.
 */
public interface FieldCatalog {

    Optional<Field> byId(String id);

    /** By display name (case-insensitive, surrounding blanks ignored) or by string id. */
    Optional<Field> byName(String nameOrStringId);

    Collection<Field> all();

    /** A reference as written in a map: all digits means a field id, anything else a name or string id. */
    default Optional<Field> resolve(String reference) {
        if (reference == null || reference.isBlank()) return Optional.empty();
        String ref = reference.trim();
        return isDigits(ref) ? byId(ref) : byName(ref);
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) if (!Character.isDigit(s.charAt(i))) return false;
        return true;
    }
}
