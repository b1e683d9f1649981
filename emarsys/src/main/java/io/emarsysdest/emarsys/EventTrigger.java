package io.emarsysdest.emarsys;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * One trigger of an external event for one contact.
 *
 * @param externalId the contact's key value
 * @param triggerId  de-duplication key (e.g. derived from the Segment messageId); null to leave out
 * @param eventTime  when it happened; null to leave out; sent as {@code YYYY-MM-DDTHH:MM:SS.mmmZ}
 * @param data       personalisation data, must be an object; null to leave out
 */
public record EventTrigger(String externalId, String triggerId, Instant eventTime, ObjectNode data) {
}
