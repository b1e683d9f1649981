package io.emarsysdest.store.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The change history of data maps, rules and audience mappings (table {@code change_history}): one row per change
 * with who made it and the object's state before and after, as JSON text (null: it did not exist).
 */
public final class JdbcChangeHistory {
    /** One change; {@code id} is 0 until stored. */
    public record Change(long id, Instant at, String kind, String objectId, String action, String actor, String before, String after) {
    }

    private JdbcChangeHistory() {
    }

    public static void record(Connection c, Change ch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO change_history (at_ms, kind, object_id, action, actor, before_state, after_state)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, ch.at().toEpochMilli());
            ps.setString(2, ch.kind());
            ps.setString(3, ch.objectId());
            ps.setString(4, ch.action());
            ps.setString(5, ch.actor());
            ps.setString(6, ch.before());
            ps.setString(7, ch.after());
            ps.executeUpdate();
        }
    }

    /** The newest changes first; kind and objectId filter when not null. */
    public static List<Change> list(Connection c, String kind, String objectId, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT id, at_ms, kind, object_id, action, actor, before_state, after_state FROM change_history WHERE 1 = 1");
        if (kind != null) sql.append(" AND kind = ?");
        if (objectId != null) sql.append(" AND object_id = ?");
        sql.append(" ORDER BY id DESC LIMIT ?");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (kind != null) ps.setString(i++, kind);
            if (objectId != null) ps.setString(i++, objectId);
            ps.setInt(i, limit);
            List<Change> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(read(rs));
            }
            return out;
        }
    }

    public static Optional<Change> get(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, at_ms, kind, object_id, action, actor, before_state, after_state FROM change_history WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static Change read(ResultSet rs) throws SQLException {
        return new Change(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8));
    }
}
