package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds Engage audience entries and exits in an event (segment-spec.md §5):
 * <ul>
 *   <li>identify with trait {@code <audience_key>: true|false}, recognised by {@code context.personas}
 *       ({@code computation_class = "audience"}, key in {@code computation_key}) or because the key is configured;</li>
 *   <li>track {@code Audience Entered} / {@code Audience Exited} with {@code properties.audience_key}.</li>
 * </ul>
 * Values may be booleans or the text "true"/"false"; anything else is not an audience change.
 */
public final class AudienceExtractor {
    private final AudienceSettings settings;
    private final Set<String> keys;

    /** @param knownKeys audience keys recognised without {@code context.personas} (settings' keys plus mapped ones) */
    public AudienceExtractor(AudienceSettings settings, Set<String> knownKeys) {
        this.settings = settings;
        java.util.HashSet<String> all = new java.util.HashSet<>(settings.audienceKeys());
        all.addAll(knownKeys);
        this.keys = Set.copyOf(all);
    }

    public List<AudienceChange> extract(Event event) {
        List<AudienceChange> out = new ArrayList<>(0);
        extract(event, out);
        return out;
    }

    void extract(Event event, List<AudienceChange> out) {
        if (!settings.enabled()) return;
        if (event.type() == EventType.IDENTIFY) {
            fromIdentify(event, out);
        } else if (event.type() == EventType.TRACK) {
            fromTrack(event, out);
        }
    }

    private void fromIdentify(Event event, List<AudienceChange> out) {
        JsonNode traits = event.traits();
        if (!traits.isObject() || traits.isEmpty()) return;
        String personasKey = null;
        if (settings.recognizePersonas()) {
            JsonNode personas = event.context().path("personas");
            if ("audience".equals(personas.path("computation_class").asText(null))) {
                personasKey = personas.path("computation_key").asText(null);
                Boolean member = personasKey == null ? null : membership(traits.get(personasKey));
                if (member != null) out.add(new AudienceChange(personasKey, member));
            }
        }
        if (keys.isEmpty()) return;
        if (traits.size() <= keys.size()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = traits.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (keys.contains(e.getKey()) && !e.getKey().equals(personasKey)) add(e.getKey(), e.getValue(), out);
            }
        } else {
            for (String k : keys) if (!k.equals(personasKey)) add(k, traits.get(k), out);
        }
    }

    private static void add(String key, JsonNode value, List<AudienceChange> out) {
        Boolean member = membership(value);
        if (member != null) out.add(new AudienceChange(key, member));
    }

    private void fromTrack(Event event, List<AudienceChange> out) {
        String name = event.name();
        boolean entered = settings.enteredEvent().equals(name);
        if (!entered && !settings.exitedEvent().equals(name)) return;
        JsonNode key = event.properties().path("audience_key");
        if (!key.isTextual() || key.textValue().isBlank()) return;
        out.add(new AudienceChange(key.textValue(), entered));
    }

    private static Boolean membership(JsonNode v) {
        if (v == null) return null;
        if (v.isBoolean()) return v.booleanValue();
        if (v.isTextual()) {
            if (v.textValue().equalsIgnoreCase("true")) return true;
            if (v.textValue().equalsIgnoreCase("false")) return false;
        }
        return null;
    }
}
