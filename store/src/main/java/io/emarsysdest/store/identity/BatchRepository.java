package io.emarsysdest.store.identity;

import io.emarsysdest.core.identity.DeletedPerson;
import io.emarsysdest.core.identity.IdKey;
import io.emarsysdest.core.identity.Identifier;
import io.emarsysdest.core.identity.IdentityRecord;
import io.emarsysdest.core.identity.InMemoryPersonRepository;
import io.emarsysdest.core.identity.MergeRecord;
import io.emarsysdest.core.identity.PersonRepository;
import io.emarsysdest.core.identity.PersonState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * The working set of one batch: resolution reads and writes the in-memory copy (loaded beforehand), and every
 * change is noted so that {@link #flush} writes each changed row once, with batched statements.
 */
final class BatchRepository implements PersonRepository {
    private final InMemoryPersonRepository memory;
    private final JdbcPersonRepository jdbc;
    private final long seenResolutionMillis;
    /** The write a person's row needs, from the cheapest; a person only ever moves up. */
    private enum Write { SEEN, TIMES, ROW, CREATED }

    private final Map<Long, Write> writes = new LinkedHashMap<>(); // one lookup per save
    private final Set<IdKey> attached = new LinkedHashSet<>();
    private final Set<IdKey> updated = new LinkedHashSet<>();
    private final Map<IdKey, Boolean> flagsOnly = new LinkedHashMap<>();
    private final List<MergeRecord> merges = new ArrayList<>();

    BatchRepository(InMemoryPersonRepository memory, JdbcPersonRepository jdbc, Duration seenResolution) {
        this.memory = memory;
        this.jdbc = jdbc;
        this.seenResolutionMillis = Math.max(1, seenResolution.toMillis());
    }

    private long period(Instant t) {
        return Math.floorDiv(t.toEpochMilli(), seenResolutionMillis);
    }

    @Override
    public IdentityRecord findIdentity(IdKey key) {
        return memory.findIdentity(key);
    }

    @Override
    public PersonState find(long personId) {
        return memory.find(personId);
    }

    @Override
    public PersonState create(PersonState draft) {
        PersonState p = draft.withId(jdbc.allocatePersonId());
        memory.putPerson(p);
        writes.put(p.id(), Write.CREATED);
        return p;
    }

    @Override
    public void save(PersonState person) {
        PersonState before = memory.own(person.id());
        memory.save(person);
        long id = person.id();
        Write w = writes.get(id);
        if (w == Write.CREATED || w == Write.ROW) return;
        if (before == null || !sameExceptTimes(before, person)) {
            writes.put(id, Write.ROW);
        } else if (before.traitTimes() != person.traitTimes()) {
            // the usual change of a known person: the same traits seen again, at a newer time
            writes.put(id, Write.TIMES);
        } else if (w != Write.TIMES) {
            // last_seen is stored to the seen resolution: a write only when it enters a new period
            if (!before.firstSeen().equals(person.firstSeen()) || period(before.lastSeen()) != period(person.lastSeen())) {
                writes.put(id, Write.SEEN);
            }
        }
    }

    /**
     * Equal but for first/last seen and trait times. The traits object itself must be the same: a changed trait makes
     * a new one, so a person that has only ever been saved with its stored traits object still has its stored traits.
     */
    private static boolean sameExceptTimes(PersonState a, PersonState b) {
        return a.traits() == b.traits() && a.mergeCount() == b.mergeCount()
                && a.userIds() == b.userIds() && a.primaryKeys() == b.primaryKeys() && a.anonymousIds() == b.anonymousIds()
                && a.identifiers() == b.identifiers() && java.util.Objects.equals(a.primaryKeyNorm(), b.primaryKeyNorm())
                && java.util.Objects.equals(a.primaryKeyRaw(), b.primaryKeyRaw())
                && java.util.Objects.equals(a.primaryKeySetAt(), b.primaryKeySetAt());
    }

    @Override
    public void attach(long personId, Identifier id, Instant at) {
        memory.attach(personId, id, at);
        attached.add(id.key());
    }

    @Override
    public void touch(IdKey key, Instant at) {
        memory.touch(key, at);
        if (!attached.contains(key)) updated.add(key);
    }

    @Override
    public void setPrevious(IdKey key, boolean previous) {
        if (memory.findIdentity(key) == null) {
            // the replaced key is not on any event of the batch, so it was not loaded: write the flag directly
            flagsOnly.put(key, previous);
            return;
        }
        memory.setPrevious(key, previous);
        if (!attached.contains(key)) updated.add(key);
    }

    @Override
    public void merge(MergeRecord merge) {
        memory.merge(merge);
        merges.add(merge);
        if (writes.get(merge.loser()) != Write.CREATED) writes.put(merge.loser(), Write.ROW); // its row gets merged_into
    }

    @Override
    public List<IdentityRecord> identifiers(long personId) {
        throw new UnsupportedOperationException("not needed while resolving a batch");
    }

    @Override
    public List<MergeRecord> merges(long personId) {
        throw new UnsupportedOperationException("not needed while resolving a batch");
    }

    @Override
    public DeletedPerson delete(long personId) {
        throw new UnsupportedOperationException("not needed while resolving a batch");
    }

    /** Writes every noted change: new persons, changed persons, merges, new and updated identifiers. */
    void flush() {
        List<StoredPerson> inserts = new ArrayList<>();
        List<StoredPerson> updates = new ArrayList<>();
        List<StoredPerson> times = new ArrayList<>();
        List<StoredPerson> seen = new ArrayList<>();
        for (Map.Entry<Long, Write> e : writes.entrySet()) {
            StoredPerson p = stored(e.getKey());
            switch (e.getValue()) {
                case CREATED -> inserts.add(p);
                case ROW -> updates.add(p);
                case TIMES -> times.add(p);
                case SEEN -> seen.add(p);
            }
        }
        jdbc.insertPersons(inserts);
        jdbc.updatePersons(updates);
        jdbc.updateTraitTimes(times);
        jdbc.updateSeen(seen);
        for (MergeRecord m : merges) {
            // a loser created in this batch has no stored identifiers yet: they are inserted for the winner below
            if (writes.get(m.loser()) != Write.CREATED) jdbc.moveIdentities(m.loser(), memory.canonical(m.winner()));
        }
        jdbc.insertMergeLog(merges);
        List<IdentityRecord> newIds = new ArrayList<>(attached.size());
        for (IdKey k : attached) {
            IdentityRecord r = memory.findIdentity(k);
            newIds.add(r.withPersonId(memory.canonical(r.personId())));
        }
        jdbc.insertIdentities(newIds);
        List<IdentityRecord> changedIds = new ArrayList<>(updated.size());
        for (IdKey k : updated) changedIds.add(memory.findIdentity(k));
        jdbc.updateIdentities(changedIds);
        for (Map.Entry<IdKey, Boolean> f : flagsOnly.entrySet()) jdbc.setPrevious(f.getKey(), f.getValue());
    }

    private StoredPerson stored(long id) {
        return new StoredPerson(memory.own(id), memory.mergedInto(id));
    }

    int createdCount() {
        int n = 0;
        for (Write w : writes.values()) if (w == Write.CREATED) n++;
        return n;
    }
}
