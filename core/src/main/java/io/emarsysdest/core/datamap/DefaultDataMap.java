package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in map: Segment's reserved user traits to the Emarsys system fields, read from {@code traits} and then
 * {@code context.traits}, on identify, track, page and screen. With it an identify carrying {@code traits.email}
 * becomes a contact upsert keyed by e-mail (field 3) with no configuration. It uses the configured key field: when
 * that is another field (a customer id), e-mail is still written to field 3, as an ordinary field. Publishing a map
 * with id "default" replaces it (export this one to start from).
 */
public final class DefaultDataMap {
    private DefaultDataMap() {
    }

    public static final String ID = "default";

    private static final DataMap MAP = build();

    public static DataMap map() {
        return MAP;
    }

    private static DataMap build() {
        List<Mapping> m = new ArrayList<>();
        m.add(trait("3", "email"));
        m.add(trait("1", "firstName"));
        m.add(trait("2", "lastName"));
        m.add(trait("15", "phone"));
        m.add(trait("4", "birthday").withConversion(Conversion.BIRTHDATE));
        Map<String, JsonNode> gender = new LinkedHashMap<>();
        for (String s : new String[]{"m", "man", "male"}) gender.put(s, TextNode.valueOf("Male"));
        for (String s : new String[]{"f", "w", "woman", "female"}) gender.put(s, TextNode.valueOf("Female"));
        m.add(new Mapping(paths("gender"), "5", null, null, gender, null));
        m.add(trait("10", "address.street"));
        m.add(trait("11", "address.city"));
        m.add(trait("12", "address.state"));
        m.add(trait("13", "address.postalCode"));
        m.add(trait("14", "address.country"));
        m.add(trait("17", "title"));
        // Segment's company is an object {name, …} or plain text
        m.add(new Mapping(new Source.Paths(List.of("traits.company.name", "context.traits.company.name",
                "traits.company", "context.traits.company")), "18", null, null, null, null));
        m.add(trait("25", "website"));
        return new DataMap(ID, "Standard Segment traits", "Segment reserved traits to Emarsys system fields; "
                + "read from traits, then context.traits.", true, null, AppliesTo.DEFAULT,
                EmptyPolicy.CLEAR, m, List.of());
    }

    private static Source.Paths paths(String trait) {
        return new Source.Paths(List.of("traits." + trait, "context.traits." + trait));
    }

    private static Mapping trait(String field, String trait) {
        return new Mapping(paths(trait), field, null, null, null, null);
    }
}
