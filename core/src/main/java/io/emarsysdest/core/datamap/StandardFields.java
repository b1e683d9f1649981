package io.emarsysdest.core.datamap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Emarsys standard system fields (emarsys-api.md §7.1): ids, names and types are documented; choice ids are
 * account specific, so the choices of {@link #catalog()} are invented (ids 1..n) and serve only tests of the
 * mapping logic. The server uses the account's real catalog, and {@link #fallbackCatalog()} (no choices at all)
 * while it cannot be read: an invented choice id would make Emarsys refuse the whole contact (2007).
 */
public final class StandardFields {
    private StandardFields() {
    }

    public static final String EMAIL = "3";

    public static FieldCatalog catalog() {
        return Holder.CATALOG;
    }

    /** The system fields without choices: what the server maps with until the account's catalog has been read. */
    public static FieldCatalog fallbackCatalog() {
        return Holder.FALLBACK;
    }

    private static final class Holder { // built after COUNTRIES is initialised
        static final InMemoryFieldCatalog CATALOG = new InMemoryFieldCatalog(build());
        static final InMemoryFieldCatalog FALLBACK = new InMemoryFieldCatalog(
                CATALOG.all().stream().map(f -> f.withChoices(Map.of())).toList());
    }

    private static List<Field> build() {
        List<Field> f = new ArrayList<>();
        f.add(new Field("0", "Interests", "interests", FieldType.MULTICHOICE, true, Map.of()));
        f.add(text("1", "First Name", "first_name", FieldType.SHORTTEXT));
        f.add(text("2", "Last Name", "last_name", FieldType.SHORTTEXT));
        f.add(text("3", "E-mail", "email", FieldType.LONGTEXT));
        f.add(text("4", "Date of Birth", "birth_date", FieldType.BIRTHDATE));
        f.add(choice("5", "Gender", "gender", "Male", "Female"));
        f.add(choice("6", "Marital Status", "marital_status", "Single", "Married", "Divorced", "Widowed"));
        f.add(choice("7", "Children", "children", "0", "1", "2", "3", "4 or more"));
        f.add(choice("8", "Education", "education", "Primary school", "Secondary school", "University"));
        f.add(choice("9", "Title", "title", "Mr.", "Ms.", "Dr.", "Prof."));
        f.add(text("10", "Address", "address", FieldType.LONGTEXT));
        f.add(text("11", "City", "city", FieldType.SHORTTEXT));
        f.add(text("12", "State", "state", FieldType.SHORTTEXT));
        f.add(text("13", "ZIP Code", "zip", FieldType.SHORTTEXT));
        f.add(choice("14", "Country", "country", COUNTRIES));
        f.add(text("15", "Phone", "phone", FieldType.SHORTTEXT));
        f.add(text("16", "Fax", "fax", FieldType.FAX));
        f.add(choice("17", "Job Position", "job_position", "CEO", "CTO", "Manager", "Engineer", "Sales", "Marketing", "Other"));
        f.add(text("18", "Company", "company", FieldType.LONGTEXT));
        f.add(choice("19", "Department", "department", "Management", "Sales", "Marketing", "IT", "Other"));
        f.add(choice("20", "Industry", "industry", "Retail", "Technology", "Finance", "Healthcare", "Other"));
        f.add(text("21", "Phone (office)", "phone_office", FieldType.SHORTTEXT));
        f.add(text("22", "Fax (office)", "fax_office", FieldType.FAX));
        f.add(text("25", "URL", "url", FieldType.URL));
        f.add(choice("26", "Preferred e-mail format", "email_format", "HTML", "Text"));
        f.add(special("27", "Avg. length of visit (minutes)"));
        f.add(special("28", "Page views per day"));
        f.add(special("29", "Days since last email sent"));
        f.add(special("30", "Response rate (% of sent emails)"));
        f.add(new Field("31", "Opt-In", "optin", FieldType.OPTIN, false, Map.of()));
        f.add(special("32", "User status"));
        f.add(special("33", "Contact source"));
        f.add(special("34", "Contact form"));
        f.add(choice("35", "Registration Language", "registration_language", "English", "German", "French", "Spanish", "Italian"));
        f.add(special("36", "Newsletter"));
        f.add(text("37", "Mobile", "mobile", FieldType.SHORTTEXT));
        f.add(text("38", "First Name of Partner", "partner_first_name", FieldType.SHORTTEXT));
        f.add(text("39", "Birthdate of Partner", "partner_birthdate", FieldType.BIRTHDATE));
        f.add(text("40", "Anniversary", "anniversary", FieldType.DATE));
        f.add(text("41", "Company Address", "company_address", FieldType.LONGTEXT));
        f.add(text("42", "Zip Code (office)", "zip_office", FieldType.SHORTTEXT));
        f.add(text("43", "City (office)", "city_office", FieldType.SHORTTEXT));
        f.add(text("44", "State (office)", "state_office", FieldType.SHORTTEXT));
        f.add(choice("45", "Country (office)", "country_office", COUNTRIES));
        f.add(choice("46", "Salutation", "salutation", "Dear Sir", "Dear Madam"));
        f.add(special("47", "E-mail valid"));
        f.add(special("48", "Date of first registration"));
        return f;
    }

    /** A fixed sandbox list (ids 1..n in this order); real accounts have their own ids for ~250 countries. */
    private static final String[] COUNTRIES = {
            "Australia", "Austria", "Belgium", "Brazil", "Canada", "China", "Czech Republic", "Denmark", "Finland",
            "France", "Germany", "Hungary", "India", "Ireland", "Italy", "Japan", "Mexico", "Netherlands",
            "New Zealand", "Norway", "Poland", "Portugal", "Spain", "Sweden", "Switzerland", "United Kingdom",
            "United States"};

    private static Field text(String id, String name, String stringId, FieldType type) {
        return new Field(id, name, stringId, type, false, Map.of());
    }

    private static Field special(String id, String name) {
        return new Field(id, name, null, FieldType.SPECIAL, true, Map.of());
    }

    private static Field choice(String id, String name, String stringId, String... labels) {
        Map<String, String> choices = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i++) choices.put(String.valueOf(i + 1), labels[i]);
        return new Field(id, name, stringId, FieldType.SINGLECHOICE, false, choices);
    }
}
