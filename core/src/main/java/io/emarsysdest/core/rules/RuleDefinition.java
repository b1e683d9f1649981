package io.emarsysdest.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.emarsysdest.core.event.JsonPath;

import java.util.List;

/**
 * One version of a rule, parsed and validated by {@link RuleParser}. Immutable; a published version never changes.
 *
 * @param correlateBy a path into the event body whose value separates instances (e.g. {@code properties.product_id}),
 *                    or null for one instance key per person
 * @param json        the definition as written (what export returns)
 */
public record RuleDefinition(
        String id,
        int version,
        String name,
        EventMatcher entry,
        JsonPath correlateBy,
        PersonCondition person,
        List<StepDef> steps,
        List<EventMatcher> exitWhen,
        Reentry reentry,
        TimeSettings time,
        ActionDef action,
        JsonNode json) {

    public RuleDefinition {
        steps = List.copyOf(steps);
        exitWhen = List.copyOf(exitWhen);
    }

    public int stepIndex(String stepId) {
        for (int i = 0; i < steps.size(); i++) if (steps.get(i).id().equals(stepId)) return i;
        return -1;
    }
}
