package io.emarsysdest.store.identity;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraitsTextTest {
    private final TraitsText texts = new TraitsText();

    @Test
    void theSameTraitsObjectIsSerialisedOnceAndItsTextReused() {
        ObjectNode traits = JsonNodeFactory.instance.objectNode().put("email", "a@example.com");
        String first = texts.of(1, traits);
        assertThat(first).isEqualTo("{\"email\":\"a@example.com\"}");
        assertThat(texts.of(1, traits)).isSameAs(first);
    }

    @Test
    void aNewTraitsObjectIsSerialisedAgainEvenWithEqualContent() {
        ObjectNode before = JsonNodeFactory.instance.objectNode().put("plan", "free");
        String first = texts.of(1, before);
        ObjectNode after = JsonNodeFactory.instance.objectNode().put("plan", "pro");
        assertThat(texts.of(1, after)).isEqualTo("{\"plan\":\"pro\"}");
        assertThat(texts.of(1, before.deepCopy())).isEqualTo(first).isNotSameAs(first);
    }

    @Test
    void personsAreKeptApartAndClearForgetsThem() {
        ObjectNode shared = JsonNodeFactory.instance.objectNode().put("a", 1);
        texts.of(1, shared);
        texts.of(2, JsonNodeFactory.instance.objectNode().put("b", 2));
        assertThat(texts.size()).isEqualTo(2);
        assertThat(texts.of(2, shared)).isEqualTo("{\"a\":1}");
        texts.clear();
        assertThat(texts.size()).isZero();
    }
}
