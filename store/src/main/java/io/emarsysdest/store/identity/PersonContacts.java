package io.emarsysdest.store.identity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The {@code person_contact} table (same SQL on SQLite and PostgreSQL), in the caller's transaction: every Emarsys
 * contact key an upsert of a person went out with. A person can leave several contacts behind (an e-mail change
 * whose rename could not happen because the new address existed already), and a privacy deletion must delete all.
 */
public final class PersonContacts {
    private static final int IN_CHUNK = 500;

    private PersonContacts() {
    }

    /** A contact of the person with this person key. */
    public record Entry(String personKey, ContactKey contact) {
    }

    /** Records contacts of persons; contacts already recorded for the person are left as they are. */
    public static void record(Connection tx, Collection<Entry> entries, Instant now) throws SQLException {
        if (entries.isEmpty()) return;
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO person_contact (person_key, key_field, key_value, first_at) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (person_key, key_field, key_value) DO NOTHING")) {
            for (Entry e : entries) {
                s.setString(1, e.personKey());
                s.setString(2, e.contact().keyField());
                s.setString(3, e.contact().keyValue());
                s.setLong(4, now.toEpochMilli());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** The contacts recorded for these persons, oldest first (each once). */
    public static List<ContactKey> of(Connection tx, Collection<String> personKeys) throws SQLException {
        List<ContactKey> out = new ArrayList<>();
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
        return out;
    }

    /** Forgets these persons' contacts (after a privacy deletion). */
    public static void forget(Connection tx, Collection<String> personKeys) throws SQLException {
        for (List<String> part : chunks(personKeys)) {
            try (PreparedStatement s = tx.prepareStatement("DELETE FROM person_contact WHERE person_key IN (" + marks(part.size()) + ")")) {
                for (int i = 0; i < part.size(); i++) s.setString(i + 1, part.get(i));
                s.executeUpdate();
            }
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
