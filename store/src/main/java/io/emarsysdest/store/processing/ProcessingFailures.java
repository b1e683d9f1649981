package io.emarsysdest.store.processing;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.log.EventCodec;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code processing_failures} table (same SQL on SQLite and PostgreSQL), in the caller's transaction: events the
 * processor skipped after they failed alone, with the error and the event itself, until an operator retries or
 * dismisses them.
 */
public final class ProcessingFailures {
    private static final String COLUMNS = "log_offset, message_id, failed_at, error, attempts, event";

    private ProcessingFailures() {
    }

    /**
     * One skipped event.
     *
     * @param event null only for rows recorded before events were kept with them
     */
    public record Failure(long offset, String messageId, Instant failedAt, String error, int attempts, Event event) {
    }

    /** Records (or records again) that {@code event} failed {@code attempts} times with {@code error}. */
    public static void record(Connection tx, Event event, Instant at, String error, int attempts) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO processing_failures (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (log_offset) DO UPDATE SET failed_at = excluded.failed_at, error = excluded.error, "
                + "attempts = excluded.attempts, event = excluded.event")) {
            s.setLong(1, event.offset());
            s.setString(2, event.messageId());
            s.setLong(3, at.toEpochMilli());
            s.setString(4, error);
            s.setInt(5, attempts);
            s.setString(6, new String(EventCodec.encode(event), StandardCharsets.UTF_8));
            s.executeUpdate();
        }
    }

    /** A retry failed too: one more attempt, the newest error. */
    public static void retryFailed(Connection tx, long offset, Instant at, String error) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement(
                "UPDATE processing_failures SET attempts = attempts + 1, failed_at = ?, error = ? WHERE log_offset = ?")) {
            s.setLong(1, at.toEpochMilli());
            s.setString(2, error);
            s.setLong(3, offset);
            s.executeUpdate();
        }
    }

    public static long count(Connection tx) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("SELECT COUNT(*) FROM processing_failures");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Oldest first (log order). */
    public static List<Failure> list(Connection tx, int skip, int limit) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("SELECT " + COLUMNS + " FROM processing_failures ORDER BY log_offset LIMIT ? OFFSET ?")) {
            s.setInt(1, limit);
            s.setInt(2, skip);
            List<Failure> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(read(rs));
            }
            return out;
        }
    }

    public static Optional<Failure> find(Connection tx, long offset) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("SELECT " + COLUMNS + " FROM processing_failures WHERE log_offset = ?")) {
            s.setLong(1, offset);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Forgets the failed events of these userIds and anonymousIds (raw values, as the event log's privacy purge
     * matches them): a privacy deletion, so a retry cannot bring the deleted person back. Failures are few; they are
     * read in pages and matched here.
     *
     * @return how many were forgotten
     */
    public static int forgetEventsOf(Connection tx, Collection<String> userIds, Collection<String> anonymousIds) throws SQLException {
        if (userIds.isEmpty() && anonymousIds.isEmpty()) return 0;
        Set<String> users = new HashSet<>(userIds);
        Set<String> anons = new HashSet<>(anonymousIds);
        List<Long> matching = new ArrayList<>();
        int page = 500;
        for (int skip = 0; ; skip += page) {
            List<Failure> failures = list(tx, skip, page);
            for (Failure f : failures) {
                Event e = f.event();
                if (e != null && (users.contains(e.userId()) || anons.contains(e.anonymousId()))) matching.add(f.offset());
            }
            if (failures.size() < page) break;
        }
        for (long offset : matching) delete(tx, offset);
        return matching.size();
    }

    /** @return whether there was such a failure */
    public static boolean delete(Connection tx, long offset) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("DELETE FROM processing_failures WHERE log_offset = ?")) {
            s.setLong(1, offset);
            return s.executeUpdate() > 0;
        }
    }

    private static Failure read(ResultSet rs) throws SQLException {
        long offset = rs.getLong(1);
        String event = rs.getString(6);
        return new Failure(offset, rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4), rs.getInt(5),
                event == null ? null : EventCodec.decode(offset, event.getBytes(StandardCharsets.UTF_8)));
    }
}
