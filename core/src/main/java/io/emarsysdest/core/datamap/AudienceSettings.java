package io.emarsysdest.core.datamap;

import io.emarsysdest.core.validation.Problem;

import java.util.ArrayList;
import java.util.List;
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
