package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.core.validation.ValidationException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How Engage audiences are recognised and synced to Emarsys contact lists.
 *
 * @param enabled           sync audiences at all (default true)
 * @param recognizePersonas treat an identify with {@code context.personas.computation_class = "audience"} as an
 *                          audience call for {@code computation_key} (default true)
 * @param audienceKeys      further trait names to treat as audience keys even without {@code context.personas}
 *                          (mapped audiences count too); default none
 * @param enteredEvent      track event name for entries when Engage sends tracks (default "Audience Entered")
 * @param exitedEvent       track event name for exits (default "Audience Exited")
 * @param syncUnmapped      an audience without a mapping goes to the list named like its key, created if missing
 *                          (default true); false = only mapped audiences are synced
 */
public record AudienceSettings(boolean enabled, boolean recognizePersonas, Set<String> audienceKeys,
                               String enteredEvent, String exitedEvent, boolean syncUnmapped) {
    public static final AudienceSettings DEFAULT =
            new AudienceSettings(true, true, Set.of(), "Audience Entered", "Audience Exited", true);

    public AudienceSettings {
        audienceKeys = audienceKeys == null ? Set.of() : Set.copyOf(audienceKeys);
        enteredEvent = enteredEvent == null ? "Audience Entered" : enteredEvent;
        exitedEvent = exitedEvent == null ? "Audience Exited" : exitedEvent;
    }

    /** One line per setting, for config documentation and {@code --help}. */
    public static final Map<String, String> DESCRIPTIONS = descriptions();

    private static Map<String, String> descriptions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("enabled", "sync Engage audiences to Emarsys contact lists (default true)");
        d.put("recognizePersonas", "treat identify calls with context.personas.computation_class=audience as audience calls (default true)");
        d.put("audienceKeys", "further trait names to treat as audience keys without context.personas (default none)");
        d.put("enteredEvent", "track event name for audience entries (default \"Audience Entered\")");
        d.put("exitedEvent", "track event name for audience exits (default \"Audience Exited\")");
        d.put("syncUnmapped", "send audiences without a mapping to the list named like the audience key, created if missing (default true)");
        return java.util.Collections.unmodifiableMap(d);
    }

    /**
     * Reads settings from config JSON/YAML (absent keys keep their defaults); throws {@link ValidationException}
     * with every problem, unknown keys included.
     */
    public static AudienceSettings fromJson(JsonNode json) {
        if (json == null || json.isNull() || json.isMissingNode()) return DEFAULT;
        List<Problem> problems = new ArrayList<>();
        if (!json.isObject()) {
            throw new ValidationException("audience settings", List.of(new Problem("", "not_an_object", "audience settings must be an object")));
        }
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!DESCRIPTIONS.containsKey(k)) problems.add(new Problem(k, "unknown_key", "unknown setting; known: " + DESCRIPTIONS.keySet()));
        }
        boolean enabled = bool(json, "enabled", DEFAULT.enabled(), problems);
        boolean personas = bool(json, "recognizePersonas", DEFAULT.recognizePersonas(), problems);
        boolean unmapped = bool(json, "syncUnmapped", DEFAULT.syncUnmapped(), problems);
        String entered = text(json, "enteredEvent", DEFAULT.enteredEvent(), problems);
        String exited = text(json, "exitedEvent", DEFAULT.exitedEvent(), problems);
        Set<String> keys = new LinkedHashSet<>();
        JsonNode k = json.get("audienceKeys");
        if (k != null && !k.isArray()) problems.add(new Problem("audienceKeys", "not_an_array", "audienceKeys must be an array of trait names"));
        else if (k != null) for (JsonNode e : k) keys.add(e.asText());
        AudienceSettings s = new AudienceSettings(enabled, personas, keys, entered, exited, unmapped);
        problems.addAll(s.validate());
        if (!problems.isEmpty()) throw new ValidationException("audience settings", problems);
        return s;
    }

    private static boolean bool(JsonNode json, String key, boolean dflt, List<Problem> problems) {
        JsonNode n = json.get(key);
        if (n == null || n.isNull()) return dflt;
        if (!n.isBoolean()) problems.add(new Problem(key, "wrong_type", key + " must be true or false"));
        return n.asBoolean(dflt);
    }

    private static String text(JsonNode json, String key, String dflt, List<Problem> problems) {
        JsonNode n = json.get(key);
        if (n == null || n.isNull()) return dflt;
        if (!n.isTextual()) problems.add(new Problem(key, "wrong_type", key + " must be text"));
        return n.asText(dflt);
    }

    public List<Problem> validate() {
        List<Problem> problems = new ArrayList<>();
        if (enteredEvent.isBlank()) problems.add(new Problem("enteredEvent", "missing", "enteredEvent must not be blank"));
        if (exitedEvent.isBlank()) problems.add(new Problem("exitedEvent", "missing", "exitedEvent must not be blank"));
        if (enteredEvent.equals(exitedEvent)) {
            problems.add(new Problem("exitedEvent", "same_as_entered", "entered and exited events must differ"));
        }
        for (String k : audienceKeys) {
            if (k.isBlank()) problems.add(new Problem("audienceKeys", "blank_key", "audience keys must not be blank"));
        }
        return problems;
    }
}
