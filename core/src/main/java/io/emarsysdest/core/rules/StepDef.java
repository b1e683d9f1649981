package io.emarsysdest.core.rules;

/**
 * One ordered step of a rule.
 *
 * @param id     unique within the rule; used by anchors and templates ({@code steps.<id>.properties.x})
 * @param min    for count steps, how many distinct events are needed (1 otherwise)
 * @param max    for count steps, the most allowed inside the window, or null for no upper bound
 */
public record StepDef(String id, StepKind kind, EventMatcher event, int min, Integer max, Window within) {
}
