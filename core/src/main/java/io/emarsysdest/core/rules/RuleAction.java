package io.emarsysdest.core.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * A completed instance's action: trigger an Emarsys external event for the person. The processor writes it to the
 * outbox as Operation.EVENT_TRIGGER with target = the external event id (resolving {@code externalEventName} first
 * when no id is given) and {@code payload} as the item payload.
 *
 * @param payload  {@code {"data":{…},"event_time":"YYYY-MM-DDTHH:MM:SS.mmmZ","trigger_id":"…"}}
 * @param triggerId deterministic: {@code rule:version:instanceKey:entryMessageId} (hashed when longer than 128 chars)
 * @param eventTime the completion time on event time (the last step's event, or the absence deadline)
 * @param firedAt   the wall-clock time of the step that fired
 */
public record RuleAction(String personId, String ruleId, int version, String instanceId, Long externalEventId,
                         String externalEventName, ObjectNode payload, String triggerId, Instant eventTime, Instant firedAt) {
}
