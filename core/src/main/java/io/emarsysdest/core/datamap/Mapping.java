package io.emarsysdest.core.datamap;

/**
 * One rule of a data map: take a value from {@code source}, convert it, write it to Emarsys field {@code target}.
 *
 * @param source     where the value comes from
 * @param target     the field: an id ("3"), a name ("First Name") or a string id ("first_name")
 * @param conversion how to convert; null = {@link Conversion#AUTO}
 * @param empty      what null/"" does; null = the map's policy
 * @param values     optional value translation applied before conversion (text → text or JSON), e.g. {"m":"Male"}
 * @param appliesTo  optional narrowing or replacement of the map's event filter; null = the map's
 */
public record Mapping(Source source, String target, Conversion conversion, EmptyPolicy empty,
                      java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> values, AppliesTo appliesTo) {
    public Mapping {
        values = values == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }

    public static Mapping path(String target, String... paths) {
        return new Mapping(new Source.Paths(java.util.List.of(paths)), target, null, null, null, null);
    }

    public Mapping withConversion(Conversion c) {
        return new Mapping(source, target, c, empty, values, appliesTo);
    }
}
