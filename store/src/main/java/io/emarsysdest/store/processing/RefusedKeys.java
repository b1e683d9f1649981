package io.emarsysdest.store.processing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Primary key values the users table refused because they cannot be values of the Emarsys key field (table
 * {@code refused_keys}): written in the processing transaction, listed for operators, newest {@link #KEPT} kept.
 */
public final class RefusedKeys {
    /** How many refusals are kept; older ones are dropped as new ones arrive. */
    public static final int KEPT = 10_000;
    private static final int MAX_VALUE_CHARS = 500;

    private RefusedKeys() {
    }

    /**
     * One refusal.
     *
     * @param personId the person the event resolved to, or null when it resolved to nobody
     * @param value    the value as sent (cut to 500 characters)
     * @param reason   the path it was read from and why it cannot be a key
     */
    public record Refused(long id, Instant refusedAt, long logOffset, String messageId, Long personId, String value, String reason) {
    }

    public static void record(Connection tx, List<Refused> refused) throws SQLException {
        if (refused.isEmpty()) return;
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO refused_keys (refused_at, log_offset, message_id, person_id, key_value, reason) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Refused r : refused) {
                s.setLong(1, r.refusedAt().toEpochMilli());
                s.setLong(2, r.logOffset());
                s.setString(3, r.messageId());
                s.setObject(4, r.personId());
                s.setString(5, r.value().length() > MAX_VALUE_CHARS ? r.value().substring(0, MAX_VALUE_CHARS) : r.value());
                s.setString(6, r.reason());
                s.addBatch();
            }
            s.executeBatch();
        }
        try (PreparedStatement s = tx.prepareStatement("DELETE FROM refused_keys WHERE id <= (SELECT MAX(id) FROM refused_keys) - ?")) {
            s.setLong(1, KEPT);
            s.executeUpdate();
        }
    }

    /** Newest first. */
    public static List<Refused> list(Connection c, int limit) throws SQLException {
        List<Refused> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, refused_at, log_offset, message_id, person_id, key_value, reason FROM refused_keys ORDER BY id DESC LIMIT ?")) {
            s.setInt(1, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long person = rs.getLong(5);
                    Long personId = rs.wasNull() ? null : person;
                    out.add(new Refused(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getLong(3), rs.getString(4),
                            personId, rs.getString(6), rs.getString(7)));
                }
            }
        }
        return out;
    }

    public static long count(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM refused_keys"); ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
