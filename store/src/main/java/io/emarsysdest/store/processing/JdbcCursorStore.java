package io.emarsysdest.store.processing;

import io.emarsysdest.core.engine.CursorMovedException;
import io.emarsysdest.core.engine.CursorStore;
import io.emarsysdest.store.identity.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** {@link CursorStore} on table {@code processing_cursor} (same SQL on SQLite and PostgreSQL), in the caller's transaction. */
public final class JdbcCursorStore implements CursorStore {
    private final Connection tx;

    public JdbcCursorStore(Connection tx) {
        this.tx = tx;
    }

    @Override
    public long position(String name) {
        try (PreparedStatement s = tx.prepareStatement("SELECT log_offset FROM processing_cursor WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public void advance(String name, long from, long to) {
        if (to < from) throw new IllegalArgumentException("the cursor '" + name + "' cannot go back from " + from + " to " + to);
        try {
            // One statement in the common case; the row is created by the first advance from 0.
            if (update(name, from, to) == 1) return;
            if (from == 0 && insert(name, to) == 1) return;
            throw new CursorMovedException(name, from, position(name));
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private int update(String name, long from, long to) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("UPDATE processing_cursor SET log_offset = ? WHERE name = ? AND log_offset = ?")) {
            s.setLong(1, to);
            s.setString(2, name);
            s.setLong(3, from);
            return s.executeUpdate();
        }
    }

    private int insert(String name, long to) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement(
                "INSERT INTO processing_cursor (name, log_offset) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
            s.setString(1, name);
            s.setLong(2, to);
            return s.executeUpdate();
        }
    }
}
