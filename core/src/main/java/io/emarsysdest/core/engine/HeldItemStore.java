package io.emarsysdest.core.engine;

import io.emarsysdest.core.processing.HeldChanges;
import io.emarsysdest.core.processing.HeldItems;

import java.time.Instant;
import java.util.Collection;

/**
 * Table {@code held_outbox}: what the outbox planner holds for persons who are not Emarsys contacts yet.
 * {@link HeldItems#of} answers oldest first, with every change of the transaction so far applied.
 */
public interface HeldItemStore extends HeldItems {
    /**
     * Writes one planned step: the released persons' held items are dropped first, then the holds are added; a held
     * list change replaces the person's held change of the same list (only the latest change per list counts).
     */
    void apply(HeldChanges changes, Instant now);

    /** A privacy deletion: everything these persons hold. */
    void erase(Collection<Long> personIds);
}
