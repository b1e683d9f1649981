package io.emarsysdest.core.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The users table in memory: for tests, the benchmark, and as the per-batch working set (and cache) of the JDBC
 * users table, which loads into it what a batch needs with the {@code put} methods. Not thread-safe.
 */
public final class InMemoryPersonRepository implements PersonRepository {
    private final Map<IdKey, IdentityRecord> identities = new HashMap<>();
    private final Map<Long, List<IdKey>> identitiesByPerson = new HashMap<>();
    private final Map<Long, PersonState> persons = new HashMap<>();
    private final Map<Long, Long> mergedInto = new HashMap<>();
    private final List<MergeRecord> mergeLog = new ArrayList<>();
    private final boolean keepMergeLog;
    private long lastId;

    public InMemoryPersonRepository() {
        this(true);
    }

    /** @param keepMergeLog false for a cache in front of a store, which keeps the log itself */
    public InMemoryPersonRepository(boolean keepMergeLog) {
        this.keepMergeLog = keepMergeLog;
    }

    @Override
    public IdentityRecord findIdentity(IdKey key) {
        return identities.get(key);
    }

    @Override
    public PersonState find(long personId) {
        return persons.get(canonical(personId));
    }

    /** The id a person id finally redirects to (itself when never merged). */
    public long canonical(long personId) {
        if (mergedInto.isEmpty()) return personId; // no merge known: nothing to box and look up
        long id = personId;
        for (Long next = mergedInto.get(id); next != null; next = mergedInto.get(id)) id = next;
        return id;
    }

    /** The person a merged person redirects to directly, or null. */
    public Long mergedInto(long personId) {
        return mergedInto.get(personId);
    }

    /** The stored state of a person id without following merges (a merged person keeps its last own state). */
    public PersonState own(long personId) {
        return persons.get(personId);
    }

    @Override
    public PersonState create(PersonState draft) {
        PersonState p = draft.withId(++lastId);
        persons.put(p.id(), p);
        return p;
    }

    @Override
    public void save(PersonState person) {
        if (!persons.containsKey(person.id())) throw new IllegalStateException("no person " + person.id());
        persons.put(person.id(), person);
    }

    @Override
    public void attach(long personId, Identifier id, Instant at) {
        putIdentity(new IdentityRecord(id, canonical(personId), at, at, false));
    }

    @Override
    public void touch(IdKey key, Instant at) {
        IdentityRecord r = identities.get(key);
        if (r != null && at.isAfter(r.lastSeen())) identities.put(key, r.withLastSeen(at));
    }

    @Override
    public void setPrevious(IdKey key, boolean previous) {
        IdentityRecord r = identities.get(key);
        if (r != null) identities.put(key, r.withPrevious(previous));
    }

    @Override
    public void merge(MergeRecord merge) {
        long winner = canonical(merge.winner());
        mergedInto.put(merge.loser(), winner);
        List<IdKey> moved = identitiesByPerson.remove(merge.loser());
        if (moved != null) {
            List<IdKey> target = identitiesByPerson.computeIfAbsent(winner, k -> new ArrayList<>());
            for (IdKey k : moved) {
                identities.computeIfPresent(k, (kk, r) -> r.withPersonId(winner));
                target.add(k);
            }
        }
        if (keepMergeLog) mergeLog.add(merge);
    }

    @Override
    public List<IdentityRecord> identifiers(long personId) {
        List<IdKey> keys = identitiesByPerson.getOrDefault(canonical(personId), List.of());
        List<IdentityRecord> out = new ArrayList<>(keys.size());
        for (IdKey k : keys) out.add(identities.get(k));
        out.sort(Comparator.comparing(IdentityRecord::firstSeen));
        return out;
    }

    @Override
    public List<MergeRecord> merges(long personId) {
        Set<Long> family = family(canonical(personId));
        return mergeLog.stream().filter(m -> family.contains(m.winner()) || family.contains(m.loser())).toList();
    }

    @Override
    public DeletedPerson delete(long personId) {
        long root = canonical(personId);
        PersonState p = persons.get(root);
        if (p == null) return null;
        Set<Long> family = family(root);
        List<Identifier> ids = new ArrayList<>();
        for (long id : family) {
            for (IdKey k : identitiesByPerson.getOrDefault(id, List.of())) ids.add(identities.remove(k).id());
            identitiesByPerson.remove(id);
            persons.remove(id);
            mergedInto.remove(id);
        }
        mergeLog.removeIf(m -> family.contains(m.winner()) || family.contains(m.loser()));
        return new DeletedPerson(List.copyOf(family), ids, p.primaryKeyRaw());
    }

    /** The person and every person merged into it, directly or not. */
    private Set<Long> family(long root) {
        Set<Long> family = new HashSet<>();
        family.add(root);
        for (Long loser : mergedInto.keySet()) if (canonical(loser) == root) family.add(loser);
        return family;
    }

    // ---- loading, for a cache in front of a real store ----

    /** Adds or replaces a known identifier. */
    public void putIdentity(IdentityRecord r) {
        IdentityRecord old = identities.put(r.id().key(), r);
        if (old == null || old.personId() != r.personId()) {
            if (old != null) {
                List<IdKey> l = identitiesByPerson.get(old.personId());
                if (l != null) l.remove(r.id().key());
            }
            identitiesByPerson.computeIfAbsent(r.personId(), k -> new ArrayList<>()).add(r.id().key());
        }
    }

    /** Adds or replaces a known person's own state. */
    public void putPerson(PersonState p) {
        persons.put(p.id(), p);
        lastId = Math.max(lastId, p.id());
    }

    /** Records a known redirect from a merged person. */
    public void putRedirect(long loser, long winner) {
        mergedInto.put(loser, winner);
    }

    public boolean knowsPerson(long personId) {
        return persons.containsKey(personId) || mergedInto.containsKey(personId);
    }

    public int personCount() {
        return persons.size();
    }

    public int identityCount() {
        return identities.size();
    }

    public void clear() {
        identities.clear();
        identitiesByPerson.clear();
        persons.clear();
        mergedInto.clear();
        mergeLog.clear();
    }
}
