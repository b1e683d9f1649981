package io.emarsysdest.core.datamap;

import java.util.Locale;

/**
 * The kind of an Emarsys contact field ({@code application_type} in {@code GET /field}), with what it accepts.
 * Opt-in (field 31) gets its own kind because it only takes 1, 2 or null.
 */
public enum FieldType {
    SHORTTEXT(60), LONGTEXT(255), LARGETEXT(0), URL(0), FAX(0),
    NUMERIC(0), DATE(0), BIRTHDATE(0), SINGLECHOICE(0), MULTICHOICE(0),
    /** Field 31: 1 = opted in, 2 = opted out, null = unknown. */
    OPTIN(0),
    /** Statistics and other system fields Emarsys computes itself; never written. */
    SPECIAL(0),
    /** An application type this service does not know; written as text without a length cut. */
    OTHER(0);

    /** The field id of the opt-in system field. */
    public static final String OPTIN_FIELD_ID = "31";

    private final int maxLength;

    FieldType(int maxLength) {
        this.maxLength = maxLength;
    }

    /** The longest text the field keeps (Emarsys limits, emarsys-api.md §5), or 0 for no cut. */
    public int maxLength() {
        return maxLength;
    }

    public boolean isText() {
        return this == SHORTTEXT || this == LONGTEXT || this == LARGETEXT || this == URL || this == FAX || this == OTHER;
    }

    /** Maps Emarsys's {@code application_type} (and the field id, for opt-in) to a kind; lenient about case. */
    public static FieldType fromEmarsys(String applicationType, String fieldId) {
        if (OPTIN_FIELD_ID.equals(fieldId)) return OPTIN;
        if (applicationType == null) return OTHER;
        return switch (applicationType.trim().toLowerCase(Locale.ROOT)) {
            case "shorttext" -> SHORTTEXT;
            case "longtext" -> LONGTEXT;
            case "largetext" -> LARGETEXT;
            case "url" -> URL;
            case "fax" -> FAX;
            case "numeric", "number" -> NUMERIC;
            case "date" -> DATE;
            case "birthdate" -> BIRTHDATE;
            case "singlechoice" -> SINGLECHOICE;
            case "multichoice", "interests" -> MULTICHOICE; // field 0 is listed as "interests" by some accounts
            case "special" -> SPECIAL;
            default -> OTHER;
        };
    }

    public String wire() {
        return this == OPTIN ? "special" : name().toLowerCase(Locale.ROOT);
    }
}
