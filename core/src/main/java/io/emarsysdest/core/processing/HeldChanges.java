package io.emarsysdest.core.processing;

import java.util.List;

/**
 * What one planned event (or fired timer) changes in the held items, to be applied before the next one is planned:
 * items to hold (a list change replaces the person's held change of the same list), and persons whose held items
 * were all released (their items are in the outbox plan now, or were found unnecessary). The planner never holds
 * and releases for the same person in one step: it holds only for persons without a contact key and releases only
 * for persons with one.
 */
public record HeldChanges(List<HeldItem> holds, List<Long> released) {
    public static final HeldChanges NONE = new HeldChanges(List.of(), List.of());

    public HeldChanges {
        holds = List.copyOf(holds);
        released = List.copyOf(released);
    }

    public boolean isEmpty() {
        return holds.isEmpty() && released.isEmpty();
    }
}
