package io.emarsysdest.store.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.Map;

/**
 * The JSON text last written for each person's traits, by the identity of the traits object. Traits objects are
 * never changed in place (a change makes a new one, see {@code PersonState}), so the same object has the same text;
 * most person writes only move trait times and last seen, and then the traits are not serialised again. The text is
 * a function of the object alone, so it stays right whether the write that produced it committed or not. Not
 * thread-safe: the users table's single writer owns it.
 */
final class TraitsText {
    private record Entry(ObjectNode traits, String text) {
    }

    private final Map<Long, Entry> byPerson = new HashMap<>();

    /** The JSON text of {@code traits}, the person's traits object. */
    String of(long personId, ObjectNode traits) {
        Entry e = byPerson.get(personId);
        if (e != null && e.traits() == traits) return e.text();
        String text = PersonJson.traits(traits);
        byPerson.put(personId, new Entry(traits, text));
        return text;
    }

    int size() {
        return byPerson.size();
    }

    void clear() {
        byPerson.clear();
    }
}
