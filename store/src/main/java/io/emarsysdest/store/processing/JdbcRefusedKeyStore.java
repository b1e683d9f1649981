package io.emarsysdest.store.processing;

import io.emarsysdest.core.engine.RefusedKey;
import io.emarsysdest.core.engine.RefusedKeyStore;
import io.emarsysdest.store.identity.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** {@link RefusedKeyStore} on table {@code refused_keys} (same SQL on SQLite and PostgreSQL), in the caller's transaction. */
public final class JdbcRefusedKeyStore implements RefusedKeyStore {
    private final Connection tx;

    public JdbcRefusedKeyStore(Connection tx) {
        this.tx = tx;
    }

    @Override
    public void record(List<RefusedKey> refused) {
        if (refused.isEmpty()) return;
        try {
            try (PreparedStatement s = tx.prepareStatement("INSERT INTO refused_keys (refused_at, log_offset, message_id, person_id, key_value, reason) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (RefusedKey r : refused) {
                    s.setLong(1, r.refusedAt().toEpochMilli());
                    s.setLong(2, r.logOffset());
                    s.setString(3, r.messageId());
                    s.setObject(4, r.personId());
                    s.setString(5, r.storedValue());
                    s.setString(6, r.reason());
                    s.addBatch();
                }
                s.executeBatch();
            }
            try (PreparedStatement s = tx.prepareStatement("DELETE FROM refused_keys WHERE id <= (SELECT MAX(id) FROM refused_keys) - ?")) {
                s.setLong(1, RefusedKey.KEPT);
                s.executeUpdate();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public List<RefusedKey> latest(int limit) {
        List<RefusedKey> out = new ArrayList<>();
        try (PreparedStatement s = tx.prepareStatement("SELECT id, refused_at, log_offset, message_id, person_id, key_value, reason FROM refused_keys ORDER BY id DESC LIMIT ?")) {
            s.setInt(1, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long person = rs.getLong(5);
                    Long personId = rs.wasNull() ? null : person;
                    out.add(new RefusedKey(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getLong(3), rs.getString(4),
                            personId, rs.getString(6), rs.getString(7)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }

    @Override
    public long count() {
        try (PreparedStatement s = tx.prepareStatement("SELECT COUNT(*) FROM refused_keys"); ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public void erase(Collection<Long> personIds) {
        if (personIds.isEmpty()) return;
        String marks = String.join(",", Collections.nCopies(personIds.size(), "?"));
        try (PreparedStatement s = tx.prepareStatement("DELETE FROM refused_keys WHERE person_id IN (" + marks + ")")) {
            int i = 1;
            for (long id : personIds) s.setLong(i++, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }
}
