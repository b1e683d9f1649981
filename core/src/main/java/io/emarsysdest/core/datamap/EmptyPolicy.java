package io.emarsysdest.core.datamap;

import java.util.Locale;
import java.util.Optional;

/**
 * What an explicit {@code null}, {@code ""} or blank text in the source does to the field. An absent source never
 * touches the field. Default {@link #CLEAR}: a Segment trait set to null or "" means the customer removed it.
 * The key field is never cleared, whatever the policy.
 */
public enum EmptyPolicy {
    /** Send the field's empty value ("" for text fields, null otherwise) so Emarsys clears it. */
    CLEAR,
    /** Leave the field as it is in Emarsys. */
    IGNORE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<EmptyPolicy> fromWire(String s) {
        if (s == null) return Optional.empty();
        for (EmptyPolicy p : values()) if (p.wire().equalsIgnoreCase(s.trim())) return Optional.of(p);
        return Optional.empty();
    }
}
