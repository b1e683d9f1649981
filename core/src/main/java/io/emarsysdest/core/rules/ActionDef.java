package io.emarsysdest.core.rules;

/**
 * What a completed instance does: trigger an Emarsys external event.
 *
 * @param externalEventId   the Emarsys external event id, or null when given by name
 * @param externalEventName the external event name (the delivery side resolves it, creating it when missing), or null
 * @param data              the {@code data} payload template
 */
public record ActionDef(Long externalEventId, String externalEventName, Template data) {
}
