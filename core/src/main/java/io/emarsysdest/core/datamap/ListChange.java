package io.emarsysdest.core.datamap;

import java.util.Objects;

/**
 * Add the contact to, or remove it from, a contact list. Both are set operations in Emarsys, so repeats are harmless.
 *
 * @param target which list
 * @param add    true → {@code LIST_ADD}, false → {@code LIST_REMOVE}
 * @param origin why, for operators: {@code audience:<key>} or {@code map:<map id>:lists[<i>]}
 */
public record ListChange(ListTarget target, boolean add, String origin) {
    public ListChange {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(origin, "origin");
    }
}
