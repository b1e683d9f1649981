package io.emarsysdest.core.processing;

import java.util.List;

/**
 * What persons hold, as the planner reads it: the held-items store of the current unit of work, with every
 * {@link HeldChanges} of the batch so far applied. Read-only: the planner says what to hold and release, the caller
 * writes it.
 */
@FunctionalInterface
public interface HeldItems {
    HeldItems NONE = personId -> List.of();

    /** The person's held items, oldest first; empty when it holds nothing. */
    List<HeldItem> of(long personId);
}
