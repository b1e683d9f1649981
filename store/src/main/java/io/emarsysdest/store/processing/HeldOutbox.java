package io.emarsysdest.store.processing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.core.processing.HeldChanges;
import io.emarsysdest.core.processing.HeldItem;
import io.emarsysdest.core.engine.HeldItemStore;
import io.emarsysdest.store.identity.StoreException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Items waiting for a person to become an Emarsys contact (table {@code held_outbox}): what the outbox planner
 * holds for a person without a key, read back when it releases them.
 * <p>
 * One instance per transaction of the person's single writer. It reads once which persons hold anything, so that
 * asking about a person who holds nothing (every new contact of a first sync) costs no query.
 */
public final class HeldOutbox implements HeldItemStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection tx;
    private Set<Long> holding; // persons with held items, read on first use in this transaction
    private final Map<Long, List<HeldItem>> read = new HashMap<>(); // read by of(), until dropped

    public HeldOutbox(Connection tx) {
        this.tx = tx;
    }

    @Override
    public void apply(HeldChanges changes, Instant now) {
        try {
            for (long personId : changes.released()) drop(personId);
            for (HeldItem h : changes.holds()) hold(h, now);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public void erase(Collection<Long> personIds) {
        if (personIds.isEmpty()) return;
        try (PreparedStatement s = tx.prepareStatement("DELETE FROM held_outbox WHERE person_id IN ("
                + String.join(",", Collections.nCopies(personIds.size(), "?")) + ")")) {
            int i = 1;
            for (long id : personIds) {
                s.setLong(i++, id);
                read.remove(id);
                if (holding != null) holding.remove(id);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /**
     * Holds an item. A list change replaces the person's held change of the same list: only the latest change per
     * list counts (an entry then an exit while anonymous leaves the exit).
     */
    private void hold(HeldItem item, Instant now) throws SQLException {
        if (item.isListChange()) {
            try (PreparedStatement s = tx.prepareStatement(
                    "DELETE FROM held_outbox WHERE person_id = ? AND target = ? AND op IN ('LIST_ADD', 'LIST_REMOVE')")) {
                s.setLong(1, item.personId());
                s.setString(2, item.target());
                s.executeUpdate();
            }
        }
        if (holding != null) holding.add(item.personId());
        read.remove(item.personId());
        try (PreparedStatement s = tx.prepareStatement(
                "INSERT INTO held_outbox (person_id, op, target, payload, idempotency_key, held_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, item.personId());
            s.setString(2, item.op().name());
            s.setString(3, item.target());
            s.setString(4, item.payload() == null ? null : item.payload().toString());
            s.setString(5, item.idempotencyKey());
            s.setLong(6, now.toEpochMilli());
            s.executeUpdate();
        }
    }

    /** The person's held items, oldest first. */
    @Override
    public List<HeldItem> of(long personId) {
        try {
            if (!holding().contains(personId)) return List.of();
            List<HeldItem> cached = read.get(personId);
            if (cached != null) return cached;
            List<HeldItem> out = new ArrayList<>();
            try (PreparedStatement s = tx.prepareStatement(
                    "SELECT op, target, payload, idempotency_key FROM held_outbox WHERE person_id = ? ORDER BY id")) {
                s.setLong(1, personId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String payload = rs.getString(3);
                        out.add(new HeldItem(personId, Operation.valueOf(rs.getString(1)), rs.getString(2),
                                payload == null ? null : (ObjectNode) JSON.readTree(payload), rs.getString(4)));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            read.put(personId, out);
            return out;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Removes the person's held items (they were released). */
    private void drop(long personId) throws SQLException {
        read.remove(personId);
        if (!holding().remove(personId)) return;
        try (PreparedStatement d = tx.prepareStatement("DELETE FROM held_outbox WHERE person_id = ?")) {
            d.setLong(1, personId);
            d.executeUpdate();
        }
    }

    private Set<Long> holding() throws SQLException {
        if (holding == null) {
            holding = new HashSet<>();
            try (PreparedStatement s = tx.prepareStatement("SELECT DISTINCT person_id FROM held_outbox");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) holding.add(rs.getLong(1));
            }
        }
        return holding;
    }
}
