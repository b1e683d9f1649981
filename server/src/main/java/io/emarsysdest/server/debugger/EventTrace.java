package io.emarsysdest.server.debugger;

import io.emarsysdest.core.delivery.NewOutboxItem;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.identity.DroppedIdentifier;
import io.emarsysdest.core.identity.Merge;
import io.emarsysdest.core.rules.Trace;
import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.core.processing.HeldItem;

import java.time.Instant;
import java.util.List;

/**
 * What processing did with one event, kept in memory for the console's debugger. Compact on purpose: it holds the
 * few identifying values of the event (the body stays in the log and is read back by offset when someone looks) and
 * references to what processing made anyway (outbox items, held items, rule steps), so recording one costs an
 * allocation and no I/O.
 *
 * @param type         null for a rule timer (then {@code name} is the rule id and {@code messageId} the instance)
 * @param personId     0 when every identifier was dropped (the event belongs to nobody)
 * @param primaryKey   the person's contact key after the event; null while anonymous
 * @param previousKey  the key this event replaced (an e-mail change); null when it did not change
 * @param merged       the persons merged into this one by the event
 * @param items        the outbox items it produced (contact upserts, list changes, triggers), in order
 * @param held         items waiting under the person until it becomes a contact
 * @param unchanged    operations left out because Emarsys already has their values
 * @param warnings     what the data maps dropped or could not convert
 * @param rules        the rule engine's steps for this event
 */
public record EventTrace(long offset, String messageId, EventType type, String name, String userId, String anonymousId,
                         Instant timestamp, Instant receivedAt, Instant processedAt, long personId, boolean newPerson,
                         boolean becameContact, String primaryKey, String previousKey, boolean forEmarsys,
                         List<Merge> merged, List<DroppedIdentifier> dropped, List<NewOutboxItem> items,
                         List<HeldItem> held, int unchanged, List<Problem> warnings, List<Trace> rules) {

    /** The type as the API shows it: the Segment type, or {@code timer}. */
    public String typeName() {
        return type == null ? "timer" : type.wireName();
    }

    /** Whether {@code person} is this trace's person id, userId, anonymousId or contact key (case-insensitive). */
    public boolean concerns(String person) {
        if (person.equals(Long.toString(personId)) && personId != 0) return true;
        return person.equalsIgnoreCase(nullToEmpty(userId)) || person.equalsIgnoreCase(nullToEmpty(anonymousId))
                || person.equalsIgnoreCase(nullToEmpty(primaryKey));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
