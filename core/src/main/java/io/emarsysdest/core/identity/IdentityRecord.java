package io.emarsysdest.core.identity;

import java.time.Instant;

/**
 * One stored identifier.
 *
 * @param id        the identifier
 * @param personId  the person it was stored for (follow merges to reach the current person)
 * @param firstSeen when it was first seen
 * @param lastSeen  when it was last seen, to the precision of {@link IdentitySettings#seenResolution()}
 * @param previous  true for a primary key the person replaced (it still resolves to the person)
 */
public record IdentityRecord(Identifier id, long personId, Instant firstSeen, Instant lastSeen, boolean previous) {
    public IdentityRecord withPersonId(long p) {
        return new IdentityRecord(id, p, firstSeen, lastSeen, previous);
    }

    public IdentityRecord withLastSeen(Instant at) {
        return new IdentityRecord(id, personId, firstSeen, at, previous);
    }

    public IdentityRecord withPrevious(boolean p) {
        return new IdentityRecord(id, personId, firstSeen, lastSeen, p);
    }
}
