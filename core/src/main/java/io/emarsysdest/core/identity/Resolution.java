package io.emarsysdest.core.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/**
 * The users table's answer for one event: whom it belongs to and what changed.
 *
 * @param personId              the person (0 when the event had no usable identifier: see {@link #resolved()})
 * @param isNew                 the event created the person
 * @param primaryKeyRaw         the person's current primary key as sent, the Emarsys contact key; null while anonymous
 * @param primaryKeyNorm        the same, normalised
 * @param previousPrimaryKeyRaw the key this event replaced (an e-mail change: update the contact's key field
 *                              instead of creating a second contact); null when the key did not change
 * @param traits                the person's merged traits after the event (a snapshot; treat as read-only)
 * @param becameContact         the person has a primary key for the first time: apply its earlier anonymous activity
 * @param merges                persons merged into this one by the event
 * @param firstSeen             the person's earliest event time
 * @param lastSeen              the person's latest event time
 * @param dropped               identifiers of the event that linked nothing, with reasons
 */
public record Resolution(long personId, boolean isNew, String primaryKeyRaw, String primaryKeyNorm,
                         String previousPrimaryKeyRaw, ObjectNode traits, boolean becameContact, List<Merge> merges,
                         Instant firstSeen, Instant lastSeen, List<DroppedIdentifier> dropped) {

    public static Resolution unresolved(List<DroppedIdentifier> dropped) {
        return new Resolution(0, false, null, null, null, null, false, List.of(), null, null, dropped);
    }

    /** False when every identifier of the event was dropped: the event belongs to nobody. */
    public boolean resolved() {
        return personId != 0;
    }

    public boolean isContact() {
        return primaryKeyNorm != null;
    }

    public boolean keyChanged() {
        return previousPrimaryKeyRaw != null;
    }
}
