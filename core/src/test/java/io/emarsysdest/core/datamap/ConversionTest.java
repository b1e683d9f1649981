package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Value conversions through a one-mapping map: {@code traits.v} → the given field. */
class ConversionTest {

    static MapResult convert(String field, String convert, String valueJson) {
        return convert(field, convert, valueJson, "ann@example.com");
    }

    static MapResult convert(String field, String convert, String valueJson, String keyValue) {
        String map = """
                {"id":"t","mappings":[{"from":"traits.v","to":"%s"%s}]}"""
                .formatted(field, convert == null ? "" : ",\"convert\":\"" + convert + "\"");
        CompiledDataMap compiled = DataMapCompiler.compile(DataMapJson.parse(TestEvents.json(map)).map(), StandardFields.catalog());
        assertThat(compiled.problems()).isEmpty();
        return DataMapEvaluator.evaluate(compiled, TestEvents.event("{\"type\":\"identify\",\"userId\":\"u\",\"timestamp\":\"2026-01-15T10:00:00Z\",\"traits\":{\"v\":"
                + valueJson + "}}"), null, keyValue);
    }

    static JsonNode value(String field, String convert, String valueJson) {
        return convert(field, convert, valueJson).fields().get(field);
    }

    @ParameterizedTest(name = "opt-in {0} → {1}")
    @CsvSource({"true, 1", "'\"true\"', 1", "'\"yes\"', 1", "'\"Y\"', 1", "1, 1", "'\"1\"', 1", "'\"subscribed\"', 1",
            "false, 2", "'\"false\"', 2", "'\"no\"', 2", "0, 2", "'\"0\"', 2", "2, 2", "'\"2\"', 2", "'\"unsubscribed\"', 2"})
    void opt_in_takes_booleans_and_strings_and_writes_1_or_2(String in, int expected) {
        assertThat(value("31", null, in).asInt()).isEqualTo(expected);
        assertThat(value("31", null, in).isInt()).isTrue();
    }

    @Test
    void opt_in_null_clears_and_unknown_text_is_skipped_with_a_warning() {
        assertThat(value("31", null, "null").isNull()).isTrue();
        MapResult r = convert("31", null, "\"maybe\"");
        assertThat(r.fields().has("31")).isFalse();
        assertThat(r.warnings()).extracting(p -> p.code()).containsExactly("not_optin");
    }

    @ParameterizedTest(name = "date {0} → {1}")
    @CsvSource({"'\"1990-05-17\"', 1990-05-17", "'\"1990-05-17T23:30:00-05:00\"', 1990-05-17",
            "'\"1990-05-17T00:00:00.000Z\"', 1990-05-17", "'\"1990-05-17 08:00\"', 1990-05-17",
            "643248000, 1990-05-21", "643248000123, 1990-05-21"})
    void dates_become_yyyy_mm_dd(String in, String expected) {
        assertThat(value("40", null, in).asText()).isEqualTo(expected);
        assertThat(value("4", "birthdate", in).asText()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"'\"17.05.1990\"'", "'\"1990-13-01\"'", "'\"yesterday\"'", "true"})
    void unreadable_dates_are_skipped_with_a_warning(String in) {
        MapResult r = convert("40", null, in);
        assertThat(r.fields().has("40")).isFalse();
        assertThat(r.warnings()).extracting(p -> p.code()).containsExactly("not_a_date");
    }

    @Test
    void birthdates_before_1900_or_after_the_event_are_implausible() {
        assertThat(convert("4", null, "\"1850-01-01\"").warnings()).extracting(p -> p.code()).containsExactly("implausible_birthdate");
        assertThat(convert("4", null, "\"2026-02-01\"").warnings()).extracting(p -> p.code()).containsExactly("implausible_birthdate");
        assertThat(value("4", null, "\"2026-01-15\"").asText()).isEqualTo("2026-01-15");
    }

    @Test
    void text_fields_keep_numbers_as_numbers_and_write_booleans_as_text() {
        assertThat(value("1", null, "42").isNumber()).isTrue();
        assertThat(value("1", null, "true").asText()).isEqualTo("true");
        assertThat(value("1", "string", "42.5").asText()).isEqualTo("42.5");
        assertThat(value("1", "string", "42.5").isTextual()).isTrue();
    }

    @Test
    void objects_cannot_go_into_text_fields() {
        MapResult r = convert("1", null, "{\"a\":1}");
        assertThat(r.fields().has("1")).isFalse();
        assertThat(r.warnings()).extracting(p -> p.code()).containsExactly("not_scalar");
        assertThat(r.warnings().get(0).path()).isEqualTo("t.mappings[0]");
        assertThat(r.warnings().get(0).message()).startsWith("field 1 (First Name): ");
    }

    @Test
    void choice_lookup_ignores_case_and_punctuation_and_accepts_ids() {
        assertThat(value("9", null, "\"dr\"").asInt()).isEqualTo(3);
        assertThat(value("9", null, "\"PROF.\"").asInt()).isEqualTo(4);
        assertThat(value("9", null, "\"2\"").asInt()).isEqualTo(2);
        assertThat(value("14", null, "\"GB\"").asInt()).isEqualTo(26);
        assertThat(convert("9", null, "\"Sir\"").warnings()).extracting(p -> p.code()).containsExactly("unknown_choice");
    }

    @Test
    void raw_passes_the_json_value_unchanged() {
        assertThat(value("1", "raw", "[1,2]")).isEqualTo(TestEvents.json("{\"a\":[1,2]}").get("a"));
    }

    @Test
    void long_values_are_cut_by_code_points_not_halfway_through_a_surrogate_pair() {
        String emoji = "😀".repeat(61); // 61 code points, 122 chars
        MapResult r = convert("1", null, "\"" + emoji + "\"");
        assertThat(r.fields().get("1").asText().codePointCount(0, r.fields().get("1").asText().length())).isEqualTo(60);
        assertThat(r.warnings()).extracting(p -> p.code()).containsExactly("value_cut");
        // the key field is never cut: a cut e-mail would be another contact
        assertThat(convert("3", null, "\"" + "a".repeat(300) + "@example.com\"", null).fields().get("3").asText()).hasSize(312);
    }

    @Test
    void the_key_value_passed_in_wins_over_a_mapped_one() {
        MapResult r = convert("3", null, "\"other@example.com\"");
        assertThat(r.keyValue()).isEqualTo("ann@example.com");
        assertThat(r.fields().get("3").asText()).isEqualTo("ann@example.com");
        assertThat(List.of(r.fields().fieldNames().next())).containsExactly("3");
    }
}
