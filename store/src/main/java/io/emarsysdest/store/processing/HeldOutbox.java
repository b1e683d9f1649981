package io.emarsysdest.store.processing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.delivery.Operation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Items waiting for a person to become an Emarsys contact: Emarsys triggers and list changes need an existing
 * contact, so a rule that completes for an anonymous person, or an audience it enters or leaves (Engage audiences,
 * list rules), is held here and released with the key once it is known.
 * <p>
 * One instance per transaction of the person's single writer. It reads once which persons hold anything, so that
 * releasing for a person who holds nothing (every new contact of a first sync) costs no query.
 */
public final class HeldOutbox {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A held item: everything of an outbox item except the contact key. */
    public record Held(long personId, Operation op, String target, ObjectNode payload, String idempotencyKey) {
    }

    private final Connection tx;
    private Set<Long> holding; // persons with held items, read on first use in this transaction

    public HeldOutbox(Connection tx) {
        this.tx = tx;
    }

    public void hold(Held item, Instant now) throws SQLException {
        if (holding != null) holding.add(item.personId());
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

    /**
     * Holds a list change; only the latest change per list counts (an entry then an exit while anonymous leaves the
     * exit), so the earlier held change of the same list is dropped.
     */
    public void holdListChange(Held item, Instant now) throws SQLException {
        if (item.op() != Operation.LIST_ADD && item.op() != Operation.LIST_REMOVE) {
            throw new IllegalArgumentException("not a list change: " + item.op());
        }
        try (PreparedStatement s = tx.prepareStatement(
                "DELETE FROM held_outbox WHERE person_id = ? AND target = ? AND op IN ('LIST_ADD', 'LIST_REMOVE')")) {
            s.setLong(1, item.personId());
            s.setString(2, item.target());
            s.executeUpdate();
        }
        hold(item, now);
    }

    /** Removes and returns the person's held items, oldest first. */
    public List<Held> release(long personId) throws SQLException {
        if (!holding().remove(personId)) return List.of();
        List<Held> out = new ArrayList<>();
        try (PreparedStatement s = tx.prepareStatement(
                "SELECT op, target, payload, idempotency_key FROM held_outbox WHERE person_id = ? ORDER BY id")) {
            s.setLong(1, personId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String payload = rs.getString(3);
                    out.add(new Held(personId, Operation.valueOf(rs.getString(1)), rs.getString(2),
                            payload == null ? null : (ObjectNode) JSON.readTree(payload), rs.getString(4)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!out.isEmpty()) {
            try (PreparedStatement d = tx.prepareStatement("DELETE FROM held_outbox WHERE person_id = ?")) {
                d.setLong(1, personId);
                d.executeUpdate();
            }
        }
        return out;
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
