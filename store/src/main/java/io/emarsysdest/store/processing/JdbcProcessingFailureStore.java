package io.emarsysdest.store.processing;

import io.emarsysdest.core.engine.ProcessingFailure;
import io.emarsysdest.core.engine.ProcessingFailureStore;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.log.EventCodec;
import io.emarsysdest.store.identity.StoreException;

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
 * {@link ProcessingFailureStore} on table {@code processing_failures} (same SQL on SQLite and PostgreSQL), in the
 * caller's transaction; the event is kept as the log encodes it.
 */
public final class JdbcProcessingFailureStore implements ProcessingFailureStore {
    private static final String COLUMNS = "log_offset, message_id, failed_at, error, attempts, event";
    private final Connection tx;

    public JdbcProcessingFailureStore(Connection tx) {
        this.tx = tx;
    }

    @Override
    public void record(Event event, Instant at, String error, int attempts) {
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO processing_failures (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (log_offset) DO UPDATE SET message_id = excluded.message_id, failed_at = excluded.failed_at, "
                + "error = excluded.error, attempts = excluded.attempts, event = excluded.event")) {
            s.setLong(1, event.offset());
            s.setString(2, event.messageId());
            s.setLong(3, at.toEpochMilli());
            s.setString(4, error);
            s.setInt(5, attempts);
            s.setString(6, new String(EventCodec.encode(event), StandardCharsets.UTF_8));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public void retryFailed(long offset, Instant at, String error) {
        try (PreparedStatement s = tx.prepareStatement(
                "UPDATE processing_failures SET attempts = attempts + 1, failed_at = ?, error = ? WHERE log_offset = ?")) {
            s.setLong(1, at.toEpochMilli());
            s.setString(2, error);
            s.setLong(3, offset);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public long count() {
        try (PreparedStatement s = tx.prepareStatement("SELECT COUNT(*) FROM processing_failures");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public List<ProcessingFailure> list(int skip, int limit) {
        try (PreparedStatement s = tx.prepareStatement("SELECT " + COLUMNS + " FROM processing_failures ORDER BY log_offset LIMIT ? OFFSET ?")) {
            s.setInt(1, limit);
            s.setInt(2, skip);
            List<ProcessingFailure> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(read(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public Optional<ProcessingFailure> find(long offset) {
        try (PreparedStatement s = tx.prepareStatement("SELECT " + COLUMNS + " FROM processing_failures WHERE log_offset = ?")) {
            s.setLong(1, offset);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Failures are few: they are read in pages and matched here. */
    @Override
    public int forgetEventsOf(Collection<String> userIds, Collection<String> anonymousIds) {
        if (userIds.isEmpty() && anonymousIds.isEmpty()) return 0;
        Set<String> users = new HashSet<>(userIds);
        Set<String> anons = new HashSet<>(anonymousIds);
        List<Long> matching = new ArrayList<>();
        int page = 500;
        for (int skip = 0; ; skip += page) {
            List<ProcessingFailure> failures = list(skip, page);
            for (ProcessingFailure f : failures) {
                Event e = f.event();
                if (e != null && (users.contains(e.userId()) || anons.contains(e.anonymousId()))) matching.add(f.offset());
            }
            if (failures.size() < page) break;
        }
        for (long offset : matching) delete(offset);
        return matching.size();
    }

    @Override
    public boolean delete(long offset) {
        try (PreparedStatement s = tx.prepareStatement("DELETE FROM processing_failures WHERE log_offset = ?")) {
            s.setLong(1, offset);
            return s.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private static ProcessingFailure read(ResultSet rs) throws SQLException {
        long offset = rs.getLong(1);
        String event = rs.getString(6);
        return new ProcessingFailure(offset, rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4), rs.getInt(5),
                event == null ? null : EventCodec.decode(offset, event.getBytes(StandardCharsets.UTF_8)));
    }
}
