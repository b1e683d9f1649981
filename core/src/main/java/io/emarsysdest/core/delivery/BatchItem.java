package io.emarsysdest.core.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * One element of a request to Emarsys: a contact (by key value) and what to send for it.
 *
 * @param sourceIds the outbox item ids this element carries (several when upserts of one contact were merged)
 * @param keyValue  the contact's key field value (for example the e-mail address), as Emarsys matches it
 * @param payload   operation specific, see {@link Operation}; may be null for list and delete operations
 */
public record BatchItem(List<Long> sourceIds, String keyValue, ObjectNode payload) {
    public BatchItem {
        sourceIds = List.copyOf(sourceIds);
    }
}
