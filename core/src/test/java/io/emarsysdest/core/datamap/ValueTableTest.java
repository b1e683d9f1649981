package io.emarsysdest.core.datamap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A mapping's value table ({@code values}): what it translates, and a visible warning for what it drops. */
class ValueTableTest {
    private static MapResult evaluate(String field, String values, String valueJson) {
        String map = """
                {"id":"loyalty","mappings":[{"from":"traits.email","to":"3"},{"from":"traits.loyalty_tier","to":"%s","values":%s}]}"""
                .formatted(field, values);
        CompiledDataMap compiled = DataMapCompiler.compile(DataMapJson.parse(TestEvents.json(map)).map(), StandardFields.catalog());
        assertThat(compiled.problems()).isEmpty();
        return DataMapEvaluator.evaluate(compiled, TestEvents.event("{\"type\":\"identify\",\"userId\":\"u\",\"timestamp\":\"2026-01-15T10:00:00Z\","
                + "\"traits\":{\"email\":\"ann@example.com\",\"loyalty_tier\":" + valueJson + "}}"), null, null);
    }

    @Test
    void aValueInTheTableIsTranslated() {
        MapResult r = evaluate("5", "{\"gold\":\"Male\",\"silver\":\"Female\"}", "\"Gold\"");
        assertThat(r.fields().has("5")).isTrue();
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void aValueOutsideTheTableThatCannotBeWrittenIsLeftOutWithAWarningNamingTheTable() {
        MapResult r = evaluate("5", "{\"gold\":\"Male\",\"silver\":\"Female\"}", "\"platinum\"");
        assertThat(r.fields().has("5")).isFalse();
        assertThat(r.warnings()).singleElement().satisfies(w -> {
            assertThat(w.code()).isEqualTo("not_in_values");
            assertThat(w.path()).isEqualTo("loyalty.mappings[1]");
            assertThat(w.message()).contains("'platinum' is not in the mapping's value table (gold, silver)")
                    .contains("is not a choice of this field").contains("left out");
        });
    }

    @Test
    void aValueOutsideTheTableThatCanBeWrittenAsItIsGoesOnUnchanged() {
        // the default map relies on this: "Male" is no key of its gender table but a label of the field
        MapResult r = evaluate("5", "{\"m\":\"Male\"}", "\"Female\"");
        assertThat(r.fields().has("5")).isTrue();
        assertThat(r.warnings()).isEmpty();
    }
}
