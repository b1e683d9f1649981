package io.emarsysdest.core.identity;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TraitMergeTest {
    private static final Instant T1 = Instant.parse("2026-01-01T01:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-01T02:00:00Z");

    private static ObjectNode obj(String k, String v) {
        return JsonNodeFactory.instance.objectNode().put(k, v);
    }

    @Test
    public void theLatestEventWinsPerTraitAndInputsAreNeverChanged() {
        ObjectNode traits = obj("plan", "pro");
        Map<String, Instant> times = Map.of("plan", T2);
        TraitMerge.Merged m = TraitMerge.apply(traits, times, obj("plan", "free").put("name", "Ann"), T1);

        assertThat(m.traits().get("plan").asText()).isEqualTo("pro");
        assertThat(m.traits().get("name").asText()).isEqualTo("Ann");
        assertThat(m.times()).containsEntry("plan", T2).containsEntry("name", T1);
        assertThat(traits.size()).isEqualTo(1);
    }

    @Test
    public void nothingChangedReturnsTheSameObjects() {
        ObjectNode traits = obj("plan", "pro");
        Map<String, Instant> times = Map.of("plan", T2);
        TraitMerge.Merged m = TraitMerge.apply(traits, times, obj("plan", "pro"), T2);
        assertThat(m.traits()).isSameAs(traits);
        assertThat(m.times()).isSameAs(times);
    }

    @Test
    public void combiningPersonsKeepsTheNewerValueAndTheWinnersOnTies() {
        TraitMerge.Merged m = TraitMerge.combine(
                obj("a", "w").put("b", "w").put("c", "w"), Map.of("a", T1, "b", T2, "c", T1),
                obj("a", "l").put("b", "l").put("c", "l").put("d", "l"), Map.of("a", T2, "b", T1, "c", T1, "d", T1));
        assertThat(m.traits().get("a").asText()).isEqualTo("l");
        assertThat(m.traits().get("b").asText()).isEqualTo("w");
        assertThat(m.traits().get("c").asText()).isEqualTo("w");
        assertThat(m.traits().get("d").asText()).isEqualTo("l");
        assertThat(m.times()).containsEntry("a", T2);
    }
}
