package io.emarsysdest.core.datamap;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** How a source value becomes an Emarsys field value. {@link #AUTO} picks by the target field's type. */
public enum Conversion {
    /** By field type: text types → text, numeric → number, date/birthdate → YYYY-MM-DD, choices → ids, opt-in → 1/2. */
    AUTO(EnumSet.complementOf(EnumSet.of(FieldType.SPECIAL))),
    /** Any scalar as text (numbers and booleans written out). */
    STRING(textTypes()),
    /** A number or numeric text as a JSON number (at most 24 digits). */
    NUMBER(with(textTypes(), FieldType.NUMERIC)),
    /** true/false, "yes"/"no", 1/0 → "true"/"false" on text fields, 1/0 on numeric fields. */
    BOOLEAN(with(textTypes(), FieldType.NUMERIC)),
    /** ISO date, date-time or epoch → YYYY-MM-DD (the date as written, not moved to UTC). */
    DATE(with(textTypes(), FieldType.DATE, FieldType.BIRTHDATE)),
    /** As DATE, but a date after the event or before 1900 is dropped with a warning. */
    BIRTHDATE(with(textTypes(), FieldType.DATE, FieldType.BIRTHDATE)),
    /** true/"yes"/1 → 1, false/"no"/0/2 → 2 (Emarsys opt-in values). */
    OPTIN(EnumSet.of(FieldType.OPTIN, FieldType.NUMERIC)),
    /** A label (or a choice id) → the choice id. */
    CHOICE(EnumSet.of(FieldType.SINGLECHOICE)),
    /** An array of labels (or one label, or comma-separated text) → an array of choice ids. */
    MULTICHOICE(EnumSet.of(FieldType.MULTICHOICE)),
    /** The JSON value unchanged: the escape hatch when Emarsys wants something this service does not model. */
    RAW(EnumSet.complementOf(EnumSet.of(FieldType.SPECIAL)));

    private final Set<FieldType> allowed;

    Conversion(Set<FieldType> allowed) {
        this.allowed = allowed;
    }

    public boolean allowedFor(FieldType type) {
        return allowed.contains(type);
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Conversion> fromWire(String s) {
        if (s == null) return Optional.empty();
        for (Conversion c : values()) if (c.wire().equalsIgnoreCase(s.trim())) return Optional.of(c);
        return Optional.empty();
    }

    private static EnumSet<FieldType> textTypes() {
        return EnumSet.of(FieldType.SHORTTEXT, FieldType.LONGTEXT, FieldType.LARGETEXT, FieldType.URL, FieldType.FAX, FieldType.OTHER);
    }

    private static EnumSet<FieldType> with(EnumSet<FieldType> base, FieldType... more) {
        for (FieldType t : more) base.add(t);
        return base;
    }
}
