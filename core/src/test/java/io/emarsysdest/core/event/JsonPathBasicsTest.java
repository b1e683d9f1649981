package io.emarsysdest.core.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonPathBasicsTest {
    private final JsonNode doc = read("{\"traits\":{\"address\":{\"city\":\"Oslo\"},\"email\":\"\"},"
            + "\"properties\":{\"items\":[{\"sku\":\"A\"},{\"sku\":\"B\"}],\"n\":3}}");

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsNestedFields() {
        assertThat(JsonPath.compile("traits.address.city").readText(doc)).isEqualTo("Oslo");
    }

    @Test
    void readsArrayElementsInBothNotations() {
        assertThat(JsonPath.compile("properties.items[1].sku").readText(doc)).isEqualTo("B");
        assertThat(JsonPath.compile("properties.items.0.sku").readText(doc)).isEqualTo("A");
    }

    @Test
    void missingStepsGiveAMissingNodeAndEmptyTextGivesNull() {
        assertThat(JsonPath.compile("traits.phone.number").read(doc).isMissingNode()).isTrue();
        assertThat(JsonPath.compile("traits.email").readText(doc)).isNull();
        assertThat(JsonPath.compile("properties.n").readText(doc)).isEqualTo("3");
    }

    @Test
    void rejectsMalformedPathsWithAReason() {
        assertThatThrownBy(() -> JsonPath.compile("traits..email")).hasMessageContaining("empty segment");
        assertThatThrownBy(() -> JsonPath.compile("items[x]")).hasMessageContaining("non-numeric index");
        assertThatThrownBy(() -> JsonPath.compile("items[1")).hasMessageContaining("unclosed");
    }
}
