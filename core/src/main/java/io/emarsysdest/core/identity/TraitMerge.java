package io.emarsysdest.core.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * Traits merge per top-level trait by event time: the value from the latest event wins, so a late event (an offline
 * mobile queue) never overwrites newer data. Never changes its inputs: a change returns new objects.
 */
public final class TraitMerge {
    private TraitMerge() {
    }

    /** Traits and their times after a merge step. */
    public record Merged(ObjectNode traits, Map<String, Instant> times) {
    }

    /** Applies an event's traits at event time {@code at}; returns the inputs themselves when nothing changes. */
    public static Merged apply(ObjectNode traits, Map<String, Instant> times, ObjectNode eventTraits, Instant at) {
        if (eventTraits == null || eventTraits.isEmpty()) return new Merged(traits, times);
        ObjectNode outTraits = null;
        Map<String, Instant> outTimes = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = eventTraits.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            Instant t = times.get(name);
            if (t != null && at.isBefore(t)) continue; // a newer value is already there
            if (t != null && t.equals(at) && Objects.equals(traits.get(name), e.getValue())) continue;
            if (outTimes == null) outTimes = new HashMap<>(times);
            outTimes.put(name, at);
            if (!Objects.equals(traits.get(name), e.getValue())) {
                if (outTraits == null) outTraits = copy(traits);
                outTraits.set(name, e.getValue());
            }
        }
        return new Merged(outTraits == null ? traits : outTraits, outTimes == null ? times : outTimes);
    }

    /** Combines two persons' traits; on equal times the winner's value stays. */
    public static Merged combine(ObjectNode winner, Map<String, Instant> winnerTimes, ObjectNode loser, Map<String, Instant> loserTimes) {
        ObjectNode traits = copy(winner);
        Map<String, Instant> times = new HashMap<>(winnerTimes);
        for (Iterator<Map.Entry<String, JsonNode>> it = loser.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Instant lt = loserTimes.get(e.getKey());
            Instant wt = times.get(e.getKey());
            boolean winnerHas = traits.has(e.getKey());
            if (!winnerHas || (lt != null && (wt == null || lt.isAfter(wt)))) {
                traits.set(e.getKey(), e.getValue());
                if (lt != null) times.put(e.getKey(), lt);
            }
        }
        return new Merged(traits, times);
    }

    // shallow: trait values are shared and never changed in place
    private static ObjectNode copy(ObjectNode source) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.setAll(source);
        return out;
    }
}
