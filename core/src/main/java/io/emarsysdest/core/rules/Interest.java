package io.emarsysdest.core.rules;

import io.emarsysdest.core.event.EventType;

import java.util.HashSet;
import java.util.Set;

/** A set of (call type, name) keys, where a null name means any name. Lookups allocate nothing. */
final class Interest {
    private final boolean[] anyName = new boolean[EventType.values().length];
    @SuppressWarnings("unchecked")
    private final Set<String>[] names = new Set[EventType.values().length];

    void add(EventType type, String name) {
        int t = type.ordinal();
        if (name == null) anyName[t] = true;
        else {
            if (names[t] == null) names[t] = new HashSet<>();
            names[t].add(name);
        }
    }

    void addAll(Interest other) {
        for (int t = 0; t < anyName.length; t++) {
            anyName[t] |= other.anyName[t];
            if (other.names[t] != null) {
                if (names[t] == null) names[t] = new HashSet<>();
                names[t].addAll(other.names[t]);
            }
        }
    }

    /** False when no key has this call type, whatever the name. */
    boolean mayContain(EventType type) {
        int t = type.ordinal();
        return anyName[t] || names[t] != null;
    }

    boolean contains(EventType type, String name) {
        int t = type.ordinal();
        if (anyName[t]) return true;
        Set<String> n = names[t];
        return name != null && n != null && n.contains(name);
    }
}
