package io.emarsysdest.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A contact field as {@code GET field} lists it.
 *
 * @param type     Emarsys application_type: shorttext, longtext, largetext, date, birthdate, numeric, url, fax,
 *                 singlechoice, multichoice, special
 * @param readOnly system fields Emarsys computes itself; writing them gives 2007 in the sandbox
 * @param choices  choice id → label, for single- and multichoice fields
 */
public record FieldDef(int id, String name, String type, String stringId, boolean readOnly, Map<Integer, String> choices) {
    public FieldDef {
        choices = choices == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(choices));
    }

    public static FieldDef custom(int id, String name, String type) {
        return new FieldDef(id, name, type, name.toLowerCase().replaceAll("[^a-z0-9]+", "_"), false, Map.of());
    }

    public boolean isMultichoice() {
        return type.equals("multichoice");
    }

    public boolean isChoice() {
        return type.equals("singlechoice") || type.equals("multichoice");
    }

    /**
     * The standard system fields (ids, names, types per the Emarsys field table), with sandbox choice lists. Choice
     * ids are account specific in Emarsys; here they are {@code fieldId * 100 + n} (Gender: 501, 502, 503) and the
     * countries 2xx, so they differ from any built-in list (StandardFields numbers choices 1..n): a service that
     * writes an id it did not read from this account is refused with 2007, as a real account refuses it.
     */
    public static List<FieldDef> systemFields() {
        Map<Integer, String> countries = new LinkedHashMap<>();
        String[] names = {"Austria", "Belgium", "Denmark", "France", "Germany", "Hungary", "Italy", "Netherlands",
                "Spain", "Sweden", "Switzerland", "United Kingdom", "United States of America"};
        int[] ids = {212, 219, 256, 272, 265, 288, 298, 236, 271, 277, 278, 284, 285};
        for (int i = 0; i < names.length; i++) countries.put(ids[i], names[i]);
        return List.of(
                f(0, "Interests", "multichoice", "interests", true, choices(0, "Sports", "Music", "Travel")),
                f(1, "First Name", "shorttext", "first_name"), f(2, "Last Name", "shorttext", "last_name"),
                f(3, "E-mail", "longtext", "email"), f(4, "Date of Birth", "birthdate", "birth_date"),
                f(5, "Gender", "singlechoice", "gender", false, choices(5, "Male", "Female", "Other")),
                f(6, "Marital Status", "singlechoice", "marital_status", false, choices(6, "Single", "Married", "Divorced", "Widowed")),
                f(7, "Children", "singlechoice", "children", false, choices(7, "0", "1", "2", "3", "4+")),
                f(8, "Education", "singlechoice", "education", false, choices(8, "Secondary school", "College", "University")),
                f(9, "Title", "singlechoice", "title", false, choices(9, "Mr", "Ms", "Dr", "Prof")),
                f(10, "Address", "longtext", "address"), f(11, "City", "shorttext", "city"),
                f(12, "State", "shorttext", "state"), f(13, "ZIP Code", "shorttext", "zip"),
                f(14, "Country", "singlechoice", "country", false, countries),
                f(15, "Phone", "shorttext", "phone"), f(16, "Fax", "fax", "fax"),
                f(17, "Job Position", "singlechoice", "job_position", false, choices(17, "Option 1", "Option 2", "Option 3")),
                f(18, "Company", "longtext", "company"),
                f(19, "Department", "singlechoice", "department", false, choices(19, "Option 1", "Option 2", "Option 3")),
                f(20, "Industry", "singlechoice", "industry", false, choices(20, "Option 1", "Option 2", "Option 3")),
                f(21, "Phone (office)", "shorttext", "phone_office"), f(22, "Fax (office)", "fax", "fax_office"),
                f(25, "URL", "url", "url"),
                f(26, "Preferred e-mail format", "singlechoice", "email_format", false, choices(26, "HTML", "Text only")),
                f(27, "Number of visits", "special", "visits", true, null),
                f(28, "Avg. visit length", "special", "visit_length", true, null),
                f(29, "Number of e-mails sent", "special", "emails_sent", true, null),
                f(30, "Number of e-mails opened", "special", "emails_opened", true, null),
                f(31, "Opt-In", "special", "optin", false, null),
                f(32, "User status", "special", "user_status", true, null),
                f(33, "Contact source", "special", "source", true, null),
                f(34, "Contact form", "special", "form", true, null),
                f(35, "Registration Language", "singlechoice", "registration_language", false, choices(35, "English", "German", "French")),
                f(36, "Newsletter", "special", "newsletter", true, null),
                f(37, "Mobile", "shorttext", "mobile"),
                f(38, "Partner first name", "shorttext", "partner_first_name"),
                f(39, "Partner birthdate", "date", "partner_birthdate"), f(40, "Anniversary", "date", "anniversary"),
                f(41, "Company address", "longtext", "company_address"), f(42, "ZIP code (office)", "shorttext", "zip_office"),
                f(43, "City (office)", "shorttext", "city_office"), f(44, "State (office)", "shorttext", "state_office"),
                f(45, "Country (office)", "singlechoice", "country_office", false, countries),
                f(46, "Salutation", "singlechoice", "salutation", false, choices(46, "Mr.", "Mrs.", "Ms.")),
                f(47, "E-mail valid", "special", "email_valid", true, null),
                f(48, "Date of first registration", "special", "first_registration", true, null));
    }

    private static FieldDef f(int id, String name, String type, String stringId) {
        return new FieldDef(id, name, type, stringId, false, null);
    }

    private static FieldDef f(int id, String name, String type, String stringId, boolean ro, Map<Integer, String> choices) {
        return new FieldDef(id, name, type, stringId, ro, choices);
    }

    private static Map<Integer, String> choices(int fieldId, String... labels) {
        Map<Integer, String> m = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i++) m.put(fieldId * 100 + i + 1, labels[i]);
        return m;
    }
}
