package io.emarsysdest.core.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonPathTest {
    private static final JsonNode DOC;

    static {
        try {
            DOC = new ObjectMapper().readTree("""
                    {"traits":{"address":{"city":"Berlin"}},"properties":{"items":[{"sku":"A"},{"sku":"B","tags":["x","y"]}],
                     "byKey":{"0":"zero"}}}""");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void reads_nested_fields_and_array_elements_in_both_notations() {
        assertThat(JsonPath.compile("traits.address.city").read(DOC).asText()).isEqualTo("Berlin");
        assertThat(JsonPath.compile("properties.items[1].sku").read(DOC).asText()).isEqualTo("B");
        assertThat(JsonPath.compile("properties.items.1.sku").read(DOC).asText()).isEqualTo("B");
        assertThat(JsonPath.compile("properties.items[1].tags[0]").read(DOC).asText()).isEqualTo("x");
    }

    @Test
    void a_numeric_segment_also_reads_an_object_key() {
        assertThat(JsonPath.compile("properties.byKey.0").read(DOC).asText()).isEqualTo("zero");
    }

    @Test
    void absent_steps_give_a_missing_node_never_null() {
        assertThat(JsonPath.compile("traits.address.zip").read(DOC).isMissingNode()).isTrue();
        assertThat(JsonPath.compile("properties.items[5].sku").read(DOC).isMissingNode()).isTrue();
        assertThat(JsonPath.compile("traits.address.city.deeper").read(DOC).isMissingNode()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a..b", "a.", "a[0", "a[x]", "a[0]b", "a[0]x[1]"})
    void malformed_paths_are_rejected(String path) {
        assertThatThrownBy(() -> JsonPath.compile(path)).isInstanceOf(IllegalArgumentException.class);
    }
}
