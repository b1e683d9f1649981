package io.emarsysdest.store.datamap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emarsysdest.core.datamap.ContactMemory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code contact_memory} table (same SQL on SQLite and PostgreSQL), always in the caller's transaction: what was
 * last sent to Emarsys per person key (see {@link ContactMemory}).
 */
public final class JdbcContactMemory {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IN_CHUNK = 500;

    private JdbcContactMemory() {
    }

    /** The stored memories of these person keys; keys with none are absent from the answer. */
    public static Map<String, ContactMemory> load(Connection tx, Collection<String> personKeys) throws SQLException {
        Map<String, ContactMemory> out = new HashMap<>();
        List<String> all = new ArrayList<>(personKeys);
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            List<String> part = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
            try (PreparedStatement s = tx.prepareStatement("SELECT person_key, memory FROM contact_memory WHERE person_key IN ("
                    + marks(part.size()) + ")")) {
                for (int i = 0; i < part.size(); i++) s.setString(i + 1, part.get(i));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1), read(rs.getString(2)));
                }
            }
        }
        return out;
    }

    /** Writes these memories (replacing what was stored); an empty memory deletes the row. */
    public static void save(Connection tx, Map<String, ContactMemory> memories) throws SQLException {
        List<String> forget = new ArrayList<>();
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO contact_memory (person_key, memory) VALUES (?, ?) "
                + "ON CONFLICT (person_key) DO UPDATE SET memory = excluded.memory")) {
            boolean any = false;
            for (Map.Entry<String, ContactMemory> e : memories.entrySet()) {
                if (e.getValue().isEmpty()) {
                    forget.add(e.getKey());
                    continue;
                }
                s.setString(1, e.getKey());
                s.setString(2, e.getValue().toJson().toString());
                s.addBatch();
                any = true;
            }
            if (any) s.executeBatch();
        }
        forget(tx, forget);
    }

    /** Forgets these persons' memories: their next events send everything again. */
    public static void forget(Connection tx, Collection<String> personKeys) throws SQLException {
        List<String> all = new ArrayList<>(personKeys);
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            List<String> part = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
            try (PreparedStatement s = tx.prepareStatement("DELETE FROM contact_memory WHERE person_key IN (" + marks(part.size()) + ")")) {
                for (int i = 0; i < part.size(); i++) s.setString(i + 1, part.get(i));
                s.executeUpdate();
            }
        }
    }

    private static ContactMemory read(String text) {
        try {
            return ContactMemory.fromJson(JSON.readTree(text));
        } catch (JsonProcessingException e) {
            return ContactMemory.empty(); // unreadable: send everything again rather than fail processing
        }
    }

    private static String marks(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }
}
