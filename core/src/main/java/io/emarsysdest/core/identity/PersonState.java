package io.emarsysdest.core.identity;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A person in the users table. Immutable by convention: {@code traits} and {@code traitTimes} are never changed
 * in place (a change makes new ones), so a snapshot handed out stays valid.
 *
 * @param id              the person's id; 0 for a draft not stored yet
 * @param firstSeen       earliest event time
 * @param lastSeen        latest event time
 * @param primaryKeyNorm  the current primary key, normalised, or null while the person is anonymous
 * @param primaryKeyRaw   the current primary key as sent (what Emarsys gets), or null
 * @param primaryKeySetAt event time at which the current primary key was set, or null
 * @param traits          merged traits, latest per trait by event time
 * @param traitTimes      per trait, the event time of its value
 * @param mergeCount      merges this person took part in as winner (including its losers' merges)
 * @param userIds         userIds held
 * @param primaryKeys     primary keys held, previous keys not counted
 * @param anonymousIds    anonymousIds held
 * @param identifiers     all identifiers held, previous keys included
 */
public record PersonState(long id, Instant firstSeen, Instant lastSeen,
                          String primaryKeyNorm, String primaryKeyRaw, Instant primaryKeySetAt,
                          ObjectNode traits, Map<String, Instant> traitTimes,
                          int mergeCount, int userIds, int primaryKeys, int anonymousIds, int identifiers) {

    public PersonState {
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(traits, "traits");
        Objects.requireNonNull(traitTimes, "traitTimes");
    }

    /** A draft person first seen at {@code at}, holding nothing yet. */
    public static PersonState draft(Instant at) {
        return new PersonState(0, at, at, null, null, null, JsonNodeFactory.instance.objectNode(), Map.of(), 0, 0, 0, 0, 0);
    }

    public boolean isContact() {
        return primaryKeyNorm != null;
    }

    public int count(IdType type) {
        return switch (type) {
            case USER_ID -> userIds;
            case PRIMARY_KEY -> primaryKeys;
            case ANONYMOUS_ID -> anonymousIds;
        };
    }

    public PersonState withId(long newId) {
        return new PersonState(newId, firstSeen, lastSeen, primaryKeyNorm, primaryKeyRaw, primaryKeySetAt, traits, traitTimes,
                mergeCount, userIds, primaryKeys, anonymousIds, identifiers);
    }

    /** True when {@code other} is the older of the two: earlier first seen, then the lower id. */
    boolean isOlderThan(PersonState other) {
        int c = firstSeen.compareTo(other.firstSeen);
        return c != 0 ? c < 0 : id < other.id;
    }
}
