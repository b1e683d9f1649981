package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Label → choice id for one single- or multichoice field, built once at compile time. Labels match ignoring case,
 * blanks and punctuation ("mr" finds "Mr."); a value that already is a choice id is accepted as is; country fields
 * also accept ISO 3166 codes ("DE", "DEU") for labels that are the English country name.
 */
final class ChoiceIndex {
    private final Map<String, JsonNode> byKey = new HashMap<>();
    private final boolean empty;

    ChoiceIndex(Field field) {
        empty = field.choices().isEmpty();
        for (Map.Entry<String, String> c : field.choices().entrySet()) {
            byKey.putIfAbsent(normal(c.getValue()), idNode(c.getKey()));
        }
        for (String id : field.choices().keySet()) byKey.putIfAbsent("#" + id, idNode(id));
        if (isCountryField(field)) addCountryCodes();
    }

    private static boolean isCountryField(Field f) {
        String s = (f.name() + " " + (f.stringId() == null ? "" : f.stringId())).toLowerCase(Locale.ROOT);
        return s.contains("country");
    }

    private void addCountryCodes() {
        for (String code : Locale.getISOCountries()) {
            Locale l = Locale.of("", code);
            JsonNode id = byKey.get(normal(l.getDisplayCountry(Locale.ENGLISH)));
            if (id == null) continue;
            byKey.putIfAbsent(normal(code), id);
            try {
                byKey.putIfAbsent(normal(l.getISO3Country()), id);
            } catch (java.util.MissingResourceException ignored) {
                // no three-letter code for this country: the two-letter one still works
            }
        }
    }

    private static JsonNode idNode(String id) {
        try {
            return IntNode.valueOf(Integer.parseInt(id));
        } catch (NumberFormatException e) {
            return TextNode.valueOf(id);
        }
    }

    /** True when the field has no known choices (none defined, or they could not be read from Emarsys). */
    boolean isEmpty() {
        return empty;
    }

    /** The choice id for a label or id, or null. */
    JsonNode lookup(String value) {
        JsonNode byLabel = byKey.get(normal(value));
        if (byLabel != null) return byLabel;
        return byKey.get("#" + value.trim());
    }

    static String normal(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) sb.append(Character.toLowerCase(c));
        }
        return sb.toString();
    }
}
