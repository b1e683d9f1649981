package io.emarsysdest.core.processing;

import io.emarsysdest.core.datamap.ContactMemory;
import io.emarsysdest.core.datamap.ContactOperation;

import java.util.List;

/**
 * The contact memories of the current unit of work ({@link ContactMemory} per person key): what Emarsys already has
 * from us, so the planner leaves out unchanged fields and repeated list changes. Filtering remembers what it lets
 * through, so the view changes as the batch is planned; the caller writes the changed memories with the batch.
 */
public interface ContactMemories {
    /** {@code delivery.sendUnchanged}: nothing is remembered, everything is sent. */
    ContactMemories SEND_ALL = new ContactMemories() {
        @Override
        public List<ContactOperation> filter(String personKey, List<ContactOperation> ops) {
            return ops;
        }

        @Override
        public void forget(String personKey) {
        }
    };

    /** The operations Emarsys still needs of these (one event's, for this person), remembering them as sent. */
    List<ContactOperation> filter(String personKey, List<ContactOperation> ops);

    /** Starts the person from nothing (merged: who had which field is in doubt), so everything is sent again. */
    void forget(String personKey);
}
