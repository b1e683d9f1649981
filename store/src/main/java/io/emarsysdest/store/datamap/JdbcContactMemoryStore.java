package io.emarsysdest.store.datamap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emarsysdest.core.datamap.ContactMemory;
import io.emarsysdest.core.engine.ContactMemoryStore;
import io.emarsysdest.store.identity.StoreException;

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
 * {@link ContactMemoryStore} on table {@code contact_memory} (same SQL on SQLite and PostgreSQL), in the caller's
 * transaction; a memory is stored as its JSON.
 */
public final class JdbcContactMemoryStore implements ContactMemoryStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IN_CHUNK = 500;
    private final Connection tx;

    public JdbcContactMemoryStore(Connection tx) {
        this.tx = tx;
    }

    @Override
    public Map<String, ContactMemory> load(Collection<String> personKeys) {
        Map<String, ContactMemory> out = new HashMap<>();
        List<String> all = new ArrayList<>(personKeys);
        try {
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
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }

    @Override
    public void save(Map<String, ContactMemory> memories) {
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
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        forget(forget);
    }

    @Override
    public void forget(Collection<String> personKeys) {
        List<String> all = new ArrayList<>(personKeys);
        try {
            for (int from = 0; from < all.size(); from += IN_CHUNK) {
                List<String> part = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
                try (PreparedStatement s = tx.prepareStatement("DELETE FROM contact_memory WHERE person_key IN (" + marks(part.size()) + ")")) {
                    for (int i = 0; i < part.size(); i++) s.setString(i + 1, part.get(i));
                    s.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
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
