package io.emarsysdest.store.identity;

import io.emarsysdest.core.identity.DeletedPerson;
import io.emarsysdest.core.identity.IdKey;
import io.emarsysdest.core.identity.IdType;
import io.emarsysdest.core.identity.Identifier;
import io.emarsysdest.core.identity.IdentityRecord;
import io.emarsysdest.core.identity.MergeRecord;
import io.emarsysdest.core.identity.PersonRepository;
import io.emarsysdest.core.identity.PersonState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The users table on JDBC (SQLite and PostgreSQL, same schema), inside the caller's open transaction. Besides the
 * one-at-a-time {@link PersonRepository} calls it has bulk reads and writes, which {@link UsersTable} uses to
 * resolve a whole batch with a few statements.
 */
public final class JdbcPersonRepository implements PersonRepository {
    static final int CHUNK = 500;
    private static final String PERSON_COLUMNS = "id, first_seen, last_seen, pk_norm, pk_raw, pk_set_at, traits, trait_times, "
            + "merge_count, user_ids, primary_keys, anonymous_ids, identifiers, merged_into";
    private static final String IDENTITY_COLUMNS = "type, value_norm, value_raw, person_id, first_seen, last_seen, previous";

    private final Connection tx;
    private final boolean postgres;
    private final TraitsText traitsText; // null: serialise on every write
    private long nextId; // SQLite: the next free person id, read once per transaction

    public JdbcPersonRepository(Connection tx) {
        this(tx, null);
    }

    /** With the users table's memory of traits already serialised (see {@link TraitsText}). */
    JdbcPersonRepository(Connection tx, TraitsText traitsText) {
        this.tx = tx;
        this.traitsText = traitsText;
        try {
            this.postgres = tx.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    // ---------------------------------------------------------------- PersonRepository, one at a time

    @Override
    public IdentityRecord findIdentity(IdKey key) {
        return findIdentities(List.of(key)).get(key);
    }

    @Override
    public PersonState find(long personId) {
        return loadCanonical(List.of(personId)).get(personId);
    }

    @Override
    public PersonState create(PersonState draft) {
        PersonState p = draft.withId(allocatePersonId());
        insertPersons(List.of(new StoredPerson(p, null)));
        return p;
    }

    @Override
    public void save(PersonState person) {
        updatePersons(List.of(new StoredPerson(person, null)));
    }

    @Override
    public void attach(long personId, Identifier id, Instant at) {
        insertIdentities(List.of(new IdentityRecord(id, personId, at, at, false)));
    }

    @Override
    public void touch(IdKey key, Instant at) {
        run("UPDATE identity SET last_seen = ? WHERE type = ? AND value_norm = ? AND last_seen < ?",
                at.toEpochMilli(), key.type().code(), key.norm(), at.toEpochMilli());
    }

    @Override
    public void setPrevious(IdKey key, boolean previous) {
        run("UPDATE identity SET previous = ? WHERE type = ? AND value_norm = ?", previous ? 1 : 0, key.type().code(), key.norm());
    }

    @Override
    public void merge(MergeRecord merge) {
        long winner = canonicalId(merge.winner());
        run("UPDATE person SET merged_into = ? WHERE id = ?", winner, merge.loser());
        moveIdentities(merge.loser(), winner);
        insertMergeLog(List.of(merge));
    }

    @Override
    public List<IdentityRecord> identifiers(long personId) {
        long root = canonicalId(personId);
        List<IdentityRecord> out = new ArrayList<>();
        try (PreparedStatement s = tx.prepareStatement("SELECT " + IDENTITY_COLUMNS
                + " FROM identity WHERE person_id = ? ORDER BY first_seen, type, value_norm")) {
            s.setLong(1, root);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(identity(rs));
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }

    @Override
    public List<MergeRecord> merges(long personId) {
        List<Long> family = family(canonicalId(personId));
        List<MergeRecord> out = new ArrayList<>();
        for (List<Long> chunk : chunks(family)) {
            String in = placeholders(chunk.size());
            try (PreparedStatement s = tx.prepareStatement("SELECT id, winner, loser, reason, message_id, log_offset, at FROM merge_log"
                    + " WHERE winner IN (" + in + ") OR loser IN (" + in + ") ORDER BY id")) {
                int i = 1;
                for (long id : chunk) s.setLong(i++, id);
                for (long id : chunk) s.setLong(i++, id);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new MergeRecord(rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getLong(6),
                                Instant.ofEpochMilli(rs.getLong(7))));
                    }
                }
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
        return out;
    }

    @Override
    public DeletedPerson delete(long personId) {
        long root = canonicalId(personId);
        PersonState p = find(root);
        if (p == null) return null;
        List<Long> family = family(root);
        List<Identifier> ids = new ArrayList<>();
        for (List<Long> chunk : chunks(family)) {
            String in = placeholders(chunk.size());
            try (PreparedStatement s = tx.prepareStatement("SELECT " + IDENTITY_COLUMNS + " FROM identity WHERE person_id IN (" + in + ")")) {
                bind(s, chunk);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) ids.add(identity(rs).id());
                }
            } catch (SQLException e) {
                throw new StoreException(e);
            }
            runIn("DELETE FROM identity WHERE person_id IN (" + in + ")", chunk);
            runIn("DELETE FROM merge_log WHERE winner IN (" + in + ")", chunk);
            runIn("DELETE FROM merge_log WHERE loser IN (" + in + ")", chunk);
            runIn("DELETE FROM person WHERE id IN (" + in + ")", chunk);
        }
        return new DeletedPerson(family, ids, p.primaryKeyRaw());
    }

    // ---------------------------------------------------------------- bulk, for a batch

    /** The stored identifiers among {@code keys}; unknown ones are absent from the map. */
    public Map<IdKey, IdentityRecord> findIdentities(Collection<IdKey> keys) {
        Map<IdType, List<String>> byType = new EnumMap<>(IdType.class);
        for (IdKey k : keys) byType.computeIfAbsent(k.type(), t -> new ArrayList<>()).add(k.norm());
        Map<IdKey, IdentityRecord> out = new HashMap<>(keys.size() * 2);
        for (Map.Entry<IdType, List<String>> e : byType.entrySet()) {
            for (List<String> chunk : chunks(e.getValue())) {
                try (PreparedStatement s = tx.prepareStatement("SELECT " + IDENTITY_COLUMNS
                        + " FROM identity WHERE type = ? AND value_norm IN (" + placeholders(chunk.size()) + ")")) {
                    s.setInt(1, e.getKey().code());
                    int i = 2;
                    for (String v : chunk) s.setString(i++, v);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            IdentityRecord r = identity(rs);
                            out.put(r.id().key(), r);
                        }
                    }
                } catch (SQLException ex) {
                    throw new StoreException(ex);
                }
            }
        }
        return out;
    }

    /** Person rows by id as stored, merged ones included (with their redirect). */
    public Map<Long, StoredPerson> loadOwn(Collection<Long> ids) {
        Map<Long, StoredPerson> out = new HashMap<>(ids.size() * 2);
        for (List<Long> chunk : chunks(new ArrayList<>(ids))) {
            try (PreparedStatement s = tx.prepareStatement("SELECT " + PERSON_COLUMNS + " FROM person WHERE id IN ("
                    + placeholders(chunk.size()) + ")")) {
                bind(s, chunk);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        StoredPerson p = person(rs);
                        out.put(p.state().id(), p);
                    }
                }
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
        return out;
    }

    /** For each requested id, the current person it resolves to (following merges); deleted ones are absent. */
    public Map<Long, PersonState> loadCanonical(Collection<Long> ids) {
        Map<Long, StoredPerson> rows = new HashMap<>();
        List<Long> wanted = new ArrayList<>(ids);
        for (int hop = 0; hop < 64 && !wanted.isEmpty(); hop++) {
            Map<Long, StoredPerson> got = loadOwn(wanted);
            rows.putAll(got);
            wanted = new ArrayList<>();
            for (StoredPerson p : got.values()) {
                if (p.mergedInto() != null && !rows.containsKey(p.mergedInto())) wanted.add(p.mergedInto());
            }
        }
        Map<Long, PersonState> out = new HashMap<>(ids.size() * 2);
        for (long id : ids) {
            StoredPerson p = rows.get(id);
            for (int hop = 0; p != null && p.mergedInto() != null && hop < 64; hop++) p = rows.get(p.mergedInto());
            if (p != null && p.mergedInto() == null) out.put(id, p.state());
        }
        return out;
    }

    /** A new, never used person id. */
    public long allocatePersonId() {
        if (postgres) {
            try (PreparedStatement s = tx.prepareStatement("SELECT nextval(pg_get_serial_sequence('person', 'id'))");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
        if (nextId == 0) {
            // AUTOINCREMENT's high-water mark: ids of deleted persons are never given out again
            try (PreparedStatement s = tx.prepareStatement("SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'person'), 0),"
                    + " coalesce((SELECT max(id) FROM person), 0))");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                nextId = rs.getLong(1) + 1;
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
        return nextId++;
    }

    public void insertPersons(List<StoredPerson> persons) {
        if (persons.isEmpty()) return;
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO person (first_seen, last_seen, pk_norm, pk_raw, pk_set_at, traits,"
                + " trait_times, merge_count, user_ids, primary_keys, anonymous_ids, identifiers, merged_into, id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (StoredPerson p : persons) {
                bindPerson(s, p);
                s.addBatch();
            }
            s.executeBatch();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    public void updatePersons(List<StoredPerson> persons) {
        if (persons.isEmpty()) return;
        try (PreparedStatement s = tx.prepareStatement("UPDATE person SET first_seen = ?, last_seen = ?, pk_norm = ?, pk_raw = ?,"
                + " pk_set_at = ?, traits = ?, trait_times = ?, merge_count = ?, user_ids = ?, primary_keys = ?, anonymous_ids = ?,"
                + " identifiers = ?, merged_into = ? WHERE id = ?")) {
            for (StoredPerson p : persons) {
                bindPerson(s, p);
                s.addBatch();
            }
            expectEveryRow(s.executeBatch(), persons);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /**
     * A person row that is gone was deleted by someone else (a privacy request) after this writer read or cached it:
     * the batch must be retried from the database instead of writing identifiers for a person that no longer exists.
     */
    private static void expectEveryRow(int[] counts, List<StoredPerson> persons) throws SQLException {
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                throw new SQLException("person " + persons.get(i).state().id() + " was deleted by another writer", "40001");
            }
        }
    }

    /** Writes only first/last seen, trait times and merged_into: for a person whose traits, key and counts did not change. */
    public void updateTraitTimes(List<StoredPerson> persons) {
        if (persons.isEmpty()) return;
        try (PreparedStatement s = tx.prepareStatement("UPDATE person SET first_seen = ?, last_seen = ?, trait_times = ?, merged_into = ? WHERE id = ?")) {
            for (StoredPerson p : persons) {
                s.setLong(1, p.state().firstSeen().toEpochMilli());
                s.setLong(2, p.state().lastSeen().toEpochMilli());
                s.setString(3, PersonJson.times(p.state().traitTimes()));
                setLong(s, 4, p.mergedInto());
                s.setLong(5, p.state().id());
                s.addBatch();
            }
            expectEveryRow(s.executeBatch(), persons);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Moves only last_seen and merged_into: the cheap write for a person whose traits and key did not change. */
    public void updateSeen(List<StoredPerson> persons) {
        if (persons.isEmpty()) return;
        try (PreparedStatement s = tx.prepareStatement("UPDATE person SET first_seen = ?, last_seen = ?, merged_into = ? WHERE id = ?")) {
            for (StoredPerson p : persons) {
                s.setLong(1, p.state().firstSeen().toEpochMilli());
                s.setLong(2, p.state().lastSeen().toEpochMilli());
                setLong(s, 3, p.mergedInto());
                s.setLong(4, p.state().id());
                s.addBatch();
            }
            expectEveryRow(s.executeBatch(), persons);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    public void insertIdentities(List<IdentityRecord> records) {
        if (records.isEmpty()) return;
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO identity (" + IDENTITY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (IdentityRecord r : records) {
                s.setInt(1, r.id().type().code());
                s.setString(2, r.id().norm());
                s.setString(3, r.id().raw());
                s.setLong(4, r.personId());
                s.setLong(5, r.firstSeen().toEpochMilli());
                s.setLong(6, r.lastSeen().toEpochMilli());
                s.setInt(7, r.previous() ? 1 : 0);
                s.addBatch();
            }
            s.executeBatch();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Writes last_seen and the previous flag of stored identifiers. */
    public void updateIdentities(List<IdentityRecord> records) {
        if (records.isEmpty()) return;
        try (PreparedStatement s = tx.prepareStatement("UPDATE identity SET last_seen = ?, previous = ? WHERE type = ? AND value_norm = ?")) {
            for (IdentityRecord r : records) {
                s.setLong(1, r.lastSeen().toEpochMilli());
                s.setInt(2, r.previous() ? 1 : 0);
                s.setInt(3, r.id().type().code());
                s.setString(4, r.id().norm());
                s.addBatch();
            }
            s.executeBatch();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    public void moveIdentities(long fromPerson, long toPerson) {
        run("UPDATE identity SET person_id = ? WHERE person_id = ?", toPerson, fromPerson);
    }

    public void insertMergeLog(List<MergeRecord> merges) {
        if (merges.isEmpty()) return;
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO merge_log (winner, loser, reason, message_id, log_offset, at)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
            for (MergeRecord m : merges) {
                s.setLong(1, m.winner());
                s.setLong(2, m.loser());
                s.setString(3, m.reason());
                s.setString(4, m.messageId());
                s.setLong(5, m.offset());
                s.setLong(6, m.at().toEpochMilli());
                s.addBatch();
            }
            s.executeBatch();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    // ---------------------------------------------------------------- helpers

    private long canonicalId(long personId) {
        long id = personId;
        for (int hop = 0; hop < 64; hop++) {
            Long next = null;
            try (PreparedStatement s = tx.prepareStatement("SELECT merged_into FROM person WHERE id = ?")) {
                s.setLong(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        long v = rs.getLong(1);
                        if (!rs.wasNull()) next = v;
                    }
                }
            } catch (SQLException e) {
                throw new StoreException(e);
            }
            if (next == null) return id;
            id = next;
        }
        return id;
    }

    /** The person and every person merged into it, directly or through others. */
    private List<Long> family(long root) {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement s = tx.prepareStatement("WITH RECURSIVE fam(id) AS (SELECT CAST(? AS BIGINT) UNION"
                + " SELECT p.id FROM person p JOIN fam ON p.merged_into = fam.id) SELECT id FROM fam")) {
            s.setLong(1, root);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }

    private static IdentityRecord identity(ResultSet rs) throws SQLException {
        Identifier id = new Identifier(IdType.fromCode(rs.getInt(1)), rs.getString(2), rs.getString(3));
        return new IdentityRecord(id, rs.getLong(4), Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6)),
                rs.getInt(7) != 0);
    }

    private static StoredPerson person(ResultSet rs) throws SQLException {
        long pkSet = rs.getLong(6);
        Instant pkSetAt = rs.wasNull() ? null : Instant.ofEpochMilli(pkSet);
        PersonState p = new PersonState(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), Instant.ofEpochMilli(rs.getLong(3)),
                rs.getString(4), rs.getString(5), pkSetAt, PersonJson.traits(rs.getString(7)), PersonJson.times(rs.getString(8)),
                rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getInt(12), rs.getInt(13));
        long merged = rs.getLong(14);
        return new StoredPerson(p, rs.wasNull() ? null : merged);
    }

    private void bindPerson(PreparedStatement s, StoredPerson sp) throws SQLException {
        PersonState p = sp.state();
        s.setLong(1, p.firstSeen().toEpochMilli());
        s.setLong(2, p.lastSeen().toEpochMilli());
        s.setString(3, p.primaryKeyNorm());
        s.setString(4, p.primaryKeyRaw());
        setLong(s, 5, p.primaryKeySetAt() == null ? null : p.primaryKeySetAt().toEpochMilli());
        s.setString(6, traitsText == null ? PersonJson.traits(p.traits()) : traitsText.of(p.id(), p.traits()));
        s.setString(7, PersonJson.times(p.traitTimes()));
        s.setInt(8, p.mergeCount());
        s.setInt(9, p.userIds());
        s.setInt(10, p.primaryKeys());
        s.setInt(11, p.anonymousIds());
        s.setInt(12, p.identifiers());
        setLong(s, 13, sp.mergedInto());
        s.setLong(14, p.id());
    }

    private static void setLong(PreparedStatement s, int i, Long v) throws SQLException {
        if (v == null) s.setNull(i, Types.BIGINT);
        else s.setLong(i, v);
    }

    private void run(String sql, Object... args) {
        try (PreparedStatement s = tx.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) s.setObject(i + 1, args[i]);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private void runIn(String sql, List<Long> ids) {
        try (PreparedStatement s = tx.prepareStatement(sql)) {
            bind(s, ids);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private static void bind(PreparedStatement s, List<Long> ids) throws SQLException {
        int i = 1;
        for (long id : ids) s.setLong(i++, id);
    }

    static String placeholders(int n) {
        StringBuilder b = new StringBuilder(n * 3);
        for (int i = 0; i < n; i++) b.append(i == 0 ? "?" : ", ?");
        return b.toString();
    }

    static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>((all.size() + CHUNK - 1) / CHUNK);
        for (int i = 0; i < all.size(); i += CHUNK) out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        return out;
    }
}
