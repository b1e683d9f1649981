package io.emarsysdest.store.identity;

import io.emarsysdest.core.engine.ContactKey;
import io.emarsysdest.core.engine.PersonContact;
import io.emarsysdest.core.engine.PersonContactStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** {@link PersonContactStore} on table {@code person_contact} (same SQL on SQLite and PostgreSQL), in the caller's transaction. */
public final class JdbcPersonContactStore implements PersonContactStore {
    private static final int IN_CHUNK = 500;
    private final Connection tx;

    public JdbcPersonContactStore(Connection tx) {
        this.tx = tx;
    }

    @Override
    public void record(Collection<PersonContact> entries, Instant now) {
        if (entries.isEmpty()) return;
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO person_contact (person_key, key_field, key_value, first_at) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (person_key, key_field, key_value) DO NOTHING")) {
            for (PersonContact e : entries) {
                s.setString(1, e.personKey());
                s.setString(2, e.contact().keyField());
                s.setString(3, e.contact().keyValue());
                s.setLong(4, now.toEpochMilli());
                s.addBatch();
            }
            s.executeBatch();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public List<ContactKey> of(Collection<String> personKeys) {
        List<ContactKey> out = new ArrayList<>();
        try {
            for (List<String> part : chunks(personKeys)) {
                try (PreparedStatement s = tx.prepareStatement("SELECT key_field, key_value, MIN(first_at) FROM person_contact "
                        + "WHERE person_key IN (" + marks(part.size()) + ") GROUP BY key_field, key_value ORDER BY 3, 1, 2")) {
                    for (int i = 0; i < part.size(); i++) s.setString(i + 1, part.get(i));
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            ContactKey k = new ContactKey(rs.getString(1), rs.getString(2));
                            if (!out.contains(k)) out.add(k);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }

    @Override
    public void forget(Collection<String> personKeys) {
        try {
            for (List<String> part : chunks(personKeys)) {
                try (PreparedStatement s = tx.prepareStatement("DELETE FROM person_contact WHERE person_key IN (" + marks(part.size()) + ")")) {
                    for (int i = 0; i < part.size(); i++) s.setString(i + 1, part.get(i));
                    s.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private static List<List<String>> chunks(Collection<String> keys) {
        List<String> all = new ArrayList<>(keys);
        List<List<String>> out = new ArrayList<>();
        for (int from = 0; from < all.size(); from += IN_CHUNK) out.add(all.subList(from, Math.min(all.size(), from + IN_CHUNK)));
        return out;
    }

    private static String marks(int n) {
        return "?,".repeat(n - 1) + "?";
    }
}
