package io.emarsysdest.core.identity;

import java.time.Instant;
import java.util.List;

/**
 * The users table as identity resolution needs it. Implementations work inside the caller's unit of work
 * (a JDBC transaction, or memory) and are not thread-safe.
 */
public interface PersonRepository {

    /** The stored identifier, or null when unknown. Its person id may be a merged person: use {@link #find}. */
    IdentityRecord findIdentity(IdKey key);

    /** The current person for an id, following merges (a merged person's id keeps resolving); null when deleted or unknown. */
    PersonState find(long personId);

    /** Stores a new person from a draft; returns it with its id. */
    PersonState create(PersonState draft);

    /** Stores the person's changed state (traits, times, primary key, counts). */
    void save(PersonState person);

    /** Stores a new identifier for a person. */
    void attach(long personId, Identifier id, Instant at);

    /** Records that a stored identifier was seen again. */
    void touch(IdKey key, Instant at);

    /** Marks a primary key as a previous key of its person (it still resolves), or as current again. */
    void setPrevious(IdKey key, boolean previous);

    /** Redirects {@code loser} to {@code winner} forever, moves its identifiers and logs the merge. */
    void merge(MergeRecord merge);

    /** The identifiers of the person (following merges). */
    List<IdentityRecord> identifiers(long personId);

    /** The merges the person (following merges) took part in, oldest first. */
    List<MergeRecord> merges(long personId);

    /** Deletes the person (following merges), every person merged into it, their identifiers and merge log; null if unknown. */
    DeletedPerson delete(long personId);

    /** The current person holding an identifier, or null. */
    default PersonState findBy(IdKey key) {
        IdentityRecord r = findIdentity(key);
        return r == null ? null : find(r.personId());
    }
}
