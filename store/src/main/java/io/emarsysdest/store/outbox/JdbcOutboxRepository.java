package io.emarsysdest.store.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.datamap.ContactMemory;
import io.emarsysdest.core.delivery.DeadLetter;
import io.emarsysdest.core.delivery.DeadLetterFilter;
import io.emarsysdest.core.delivery.DeadLetterPage;
import io.emarsysdest.core.delivery.DeadReason;
import io.emarsysdest.core.delivery.Failure;
import io.emarsysdest.core.delivery.NewOutboxItem;
import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.core.delivery.OutboxItem;
import io.emarsysdest.core.delivery.OutboxRepository;
import io.emarsysdest.core.delivery.OutboxStats;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The outbox on a JDBC state database (SQLite or PostgreSQL; schema {@code db/state/<dialect>/V300__outbox.sql}).
 * {@link #enqueue} writes through the caller's connection and transaction; everything else uses its own short
 * transactions on the {@link DataSource}. Claims are one atomic {@code UPDATE … RETURNING} (on PostgreSQL with
 * {@code FOR UPDATE SKIP LOCKED}), so concurrent workers never claim the same item.
 */
public final class JdbcOutboxRepository implements OutboxRepository {
    static final int PENDING = 0, DELIVERED = 1, DEAD = 2, DISCARDED = 3, ERASED = 4;
    private static final int CHUNK = 500;
    private static final String COLUMNS = "id, account, op, key_field, key_value, target, payload, idempotency_key, "
            + "person_key, created_at, attempts, next_attempt_at, last_error";
    private static final String DEAD_COLUMNS = COLUMNS + ", dead_reason, dead_http_status, dead_reply_code, dead_text, finished_at";

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final boolean postgres;

    public JdbcOutboxRepository(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
        try (Connection c = dataSource.getConnection()) {
            this.postgres = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        } catch (SQLException e) {
            throw new OutboxStoreException("cannot open the state database", e);
        }
    }

    public JdbcOutboxRepository(DataSource dataSource) {
        this(dataSource, new ObjectMapper());
    }

    @Override
    public int enqueue(Connection tx, List<NewOutboxItem> items, Instant now) {
        if (items.isEmpty()) return 0;
        String sql = "INSERT INTO outbox (account, op, key_field, key_value, target, payload, idempotency_key, person_key, "
                + "state, created_at, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 0, ?) "
                + "ON CONFLICT (idempotency_key) DO NOTHING";
        long at = now.toEpochMilli();
        try (PreparedStatement ps = tx.prepareStatement(sql)) {
            for (NewOutboxItem item : items) {
                ps.setString(1, item.account());
                ps.setString(2, item.op().name());
                ps.setString(3, item.keyField());
                ps.setString(4, item.keyValue());
                ps.setString(5, item.target());
                ps.setString(6, item.payload() == null ? null : write(item.payload()));
                ps.setString(7, item.idempotencyKey());
                ps.setString(8, item.personKey());
                ps.setLong(9, at);
                ps.setLong(10, at);
                ps.addBatch();
            }
            int inserted = 0;
            for (int n : ps.executeBatch()) if (n > 0) inserted += n;
            return inserted;
        } catch (SQLException e) {
            throw new OutboxStoreException("enqueue failed", e);
        }
    }

    @Override
    public List<OutboxItem> claim(String account, Instant now, Duration lease, int limit) {
        return claim(account, now, lease, limit, null);
    }

    @Override
    public List<OutboxItem> claim(String account, Instant now, Duration lease, int limit, String holder) {
        String sql = "UPDATE outbox SET next_attempt_at = ?, claimed_by = ? WHERE id IN ("
                + " SELECT o.id FROM outbox o WHERE o.state = 0 AND o.account = ? AND o.next_attempt_at <= ?"
                + " AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.state = 0 AND p.account = o.account"
                + "   AND p.person_key = o.person_key AND p.id < o.id AND p.next_attempt_at > ?"
                + "   AND (p.op IN ('CONTACT_UPSERT', 'CONTACT_DELETE')"
                + "        OR (p.op IN ('LIST_ADD', 'LIST_REMOVE') AND o.op IN ('LIST_ADD', 'LIST_REMOVE') AND p.target = o.target)))"
                // an erased upsert that may still be on its way holds back the contact deletion queued after it
                + " AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.state = 4 AND e.account = o.account"
                + "   AND e.person_key = o.person_key AND e.id < o.id AND e.next_attempt_at > ?)"
                + " ORDER BY o.id LIMIT ?" + (postgres ? " FOR UPDATE SKIP LOCKED" : "")
                + ") RETURNING " + COLUMNS;
        long at = now.toEpochMilli();
        return inTransaction(c -> {
            List<OutboxItem> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, now.plus(lease).toEpochMilli());
                ps.setString(2, holder);
                ps.setString(3, account);
                ps.setLong(4, at);
                ps.setLong(5, at);
                ps.setLong(6, at);
                ps.setInt(7, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) claimed.add(item(rs));
                }
            }
            claimed.sort(Comparator.comparingLong(OutboxItem::id)); // RETURNING has no defined order
            return claimed;
        });
    }

    @Override
    public int releaseClaimsOf(String holder, Instant now) {
        if (holder == null) return 0;
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET next_attempt_at = ?, claimed_by = NULL "
                    + "WHERE state IN (0, 4) AND claimed_by = ? AND next_attempt_at > ?")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setString(2, holder);
                ps.setLong(3, now.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void markDelivered(Collection<Long> ids, Instant now) {
        if (ids.isEmpty()) return;
        inTransaction(c -> {
            markDelivered(c, ids, now);
            return null;
        });
    }

    @Override
    public void reschedule(List<Retry> retries) {
        if (retries.isEmpty()) return;
        inTransaction(c -> {
            reschedule(c, retries);
            return null;
        });
    }

    @Override
    public void release(Collection<Long> ids, Instant dueAt) {
        if (ids.isEmpty()) return;
        inTransaction(c -> {
            release(c, ids, dueAt);
            return null;
        });
    }

    @Override
    public void deadLetter(List<DeadLettering> items, Instant now) {
        if (items.isEmpty()) return;
        inTransaction(c -> {
            deadLetter(c, items, now);
            return null;
        });
    }

    @Override
    public void settle(Settlement settlement, Instant now) {
        if (settlement.isEmpty()) return;
        inTransaction(c -> {
            if (!settlement.delivered().isEmpty()) markDelivered(c, settlement.delivered(), now);
            if (!settlement.retries().isEmpty()) reschedule(c, settlement.retries());
            if (!settlement.dead().isEmpty()) deadLetter(c, settlement.dead(), now);
            for (Release r : settlement.released()) if (!r.ids().isEmpty()) release(c, r.ids(), r.dueAt());
            if (!settlement.requestsSent().isEmpty()) logRequests(c, settlement.account(), settlement.requestsSent(), now);
            endErasedInFlight(c, settlement);
            return null;
        });
    }

    @Override
    public List<Instant> requestsSentSince(String account, Instant since) {
        return inTransaction(c -> {
            List<Instant> sent = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT sent_at FROM delivery_request_log "
                    + "WHERE account = ? AND sent_at >= ? ORDER BY sent_at")) {
                ps.setString(1, account);
                ps.setLong(2, since.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) sent.add(Instant.ofEpochMilli(rs.getLong(1)));
                }
            }
            return sent;
        });
    }

    /**
     * Upserts erased by a privacy deletion while their round was running are off their way once the round settles
     * them: they stop holding back the contact deletion. Costs one probe of an (almost always empty) index.
     */
    private static void endErasedInFlight(Connection c, Settlement settlement) throws SQLException {
        List<Long> erased = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM outbox WHERE state = 4");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) erased.add(rs.getLong(1));
        }
        if (erased.isEmpty()) return;
        java.util.Set<Long> settled = new java.util.HashSet<>(settlement.delivered());
        for (Retry r : settlement.retries()) settled.add(r.id());
        for (DeadLettering d : settlement.dead()) settled.add(d.id());
        for (Release r : settlement.released()) settled.addAll(r.ids());
        erased.retainAll(settled);
        for (List<Long> chunk : chunks(erased)) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = 3 WHERE state = 4 AND id IN ("
                    + placeholders(chunk.size()) + ")")) {
                bindIds(ps, 1, chunk);
                ps.executeUpdate();
            }
        }
    }

    @Override
    public int erasePersons(Connection tx, Collection<String> personKeys, String deletionPersonKey, Instant now,
                            Duration inFlightAtMost) {
        if (personKeys.isEmpty()) return 0;
        long at = now.toEpochMilli();
        List<String> keys = List.copyOf(new java.util.LinkedHashSet<>(personKeys));
        String in = " person_key IN (" + placeholders(keys.size()) + ")";
        // pending items are found through the per-person index, which is keyed by account first
        String pending = "state = 0 AND account IN (SELECT DISTINCT account FROM outbox WHERE state = 0) AND" + in;
        int erased = 0;
        try {
            // Dead letters first: a replay committing meanwhile makes its items pending, and the next statement,
            // which sees that commit, erases them (on PostgreSQL each statement sees what committed before it).
            try (PreparedStatement ps = tx.prepareStatement("UPDATE outbox SET state = 3, payload = NULL, key_value = '', "
                    + "last_error = NULL, dead_text = NULL, finished_at = ? WHERE state = 2 AND" + in)) {
                ps.setLong(1, at);
                bindKeys(ps, 2, keys);
                erased += ps.executeUpdate();
            }
            try (PreparedStatement ps = tx.prepareStatement("UPDATE outbox SET state = 4, person_key = ?, payload = NULL, "
                    + "key_value = '', last_error = NULL, finished_at = ?, next_attempt_at = CASE WHEN next_attempt_at > ? "
                    + "THEN ? ELSE next_attempt_at END WHERE op = 'CONTACT_UPSERT' AND next_attempt_at > ? AND " + pending)) {
                long inFlightUntil = now.plus(inFlightAtMost).toEpochMilli();
                ps.setString(1, deletionPersonKey);
                ps.setLong(2, at);
                ps.setLong(3, inFlightUntil);
                ps.setLong(4, inFlightUntil);
                ps.setLong(5, at);
                bindKeys(ps, 6, keys);
                erased += ps.executeUpdate();
            }
            try (PreparedStatement ps = tx.prepareStatement("UPDATE outbox SET state = 3, payload = NULL, key_value = '', "
                    + "last_error = NULL, finished_at = ? WHERE " + pending)) {
                ps.setLong(1, at);
                bindKeys(ps, 2, keys);
                erased += ps.executeUpdate();
            }
            try (PreparedStatement ps = tx.prepareStatement("INSERT INTO erased_person (person_key, erased_at) VALUES (?, ?) "
                    + "ON CONFLICT (person_key) DO NOTHING")) {
                for (String k : keys) {
                    ps.setString(1, k);
                    ps.setLong(2, at);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return erased;
        } catch (SQLException e) {
            throw new OutboxStoreException("erasing the outbox items of deleted persons failed", e);
        }
    }

    private static void bindKeys(PreparedStatement ps, int from, List<String> keys) throws SQLException {
        for (int i = 0; i < keys.size(); i++) ps.setString(from + i, keys.get(i));
    }

    /** Keeps the round's request times, and forgets those older than the budget can care about. */
    private static void logRequests(Connection c, String account, List<Instant> sent, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO delivery_request_log (account, sent_at) VALUES (?, ?)")) {
            for (Instant at : sent) {
                ps.setString(1, account);
                ps.setLong(2, at.toEpochMilli());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM delivery_request_log WHERE account = ? AND sent_at < ?")) {
            ps.setString(1, account);
            ps.setLong(2, now.minus(Duration.ofMinutes(5)).toEpochMilli());
            ps.executeUpdate();
        }
    }

    private static void markDelivered(Connection c, Collection<Long> ids, Instant now) throws SQLException {
        for (List<Long> chunk : chunks(ids)) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = 1, finished_at = ?, payload = NULL, "
                    + "last_error = NULL WHERE state = 0 AND id IN (" + placeholders(chunk.size()) + ")")) {
                ps.setLong(1, now.toEpochMilli());
                bindIds(ps, 2, chunk);
                ps.executeUpdate();
            }
        }
    }

    private static void reschedule(Connection c, List<Retry> retries) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, "
                + "claimed_by = NULL, last_error = ? WHERE state = 0 AND id = ?")) {
            for (Retry r : retries) {
                ps.setLong(1, r.dueAt().toEpochMilli());
                ps.setString(2, r.error());
                ps.setLong(3, r.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void release(Connection c, Collection<Long> ids, Instant dueAt) throws SQLException {
        for (List<Long> chunk : chunks(ids)) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET next_attempt_at = ?, claimed_by = NULL WHERE state = 0 AND id IN ("
                    + placeholders(chunk.size()) + ")")) {
                ps.setLong(1, dueAt.toEpochMilli());
                bindIds(ps, 2, chunk);
                ps.executeUpdate();
            }
        }
    }

    private static void deadLetter(Connection c, List<DeadLettering> items, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = 2, finished_at = ?, attempts = attempts + ?, "
                + "dead_reason = ?, dead_http_status = ?, dead_reply_code = ?, dead_text = ?, last_error = ? "
                + "WHERE state = 0 AND id = ?")) {
            for (DeadLettering d : items) {
                Failure f = d.failure();
                ps.setLong(1, now.toEpochMilli());
                ps.setInt(2, d.reason() == DeadReason.OVERSIZED ? 0 : 1); // an oversized item was never sent
                ps.setString(3, d.reason().name());
                setInteger(ps, 4, f == null ? null : f.httpStatus());
                setInteger(ps, 5, f == null ? null : f.replyCode());
                ps.setString(6, f == null ? null : f.text());
                ps.setString(7, f == null ? null : f.text());
                ps.setLong(8, d.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        // What did not arrive must not count as sent: the person's next event sends every field and list again.
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM contact_memory WHERE person_key IN "
                + "(SELECT person_key FROM outbox WHERE id = ? AND op IN ('CONTACT_UPSERT', 'LIST_ADD', 'LIST_REMOVE'))")) {
            for (DeadLettering d : items) {
                ps.setLong(1, d.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public DeadLetterPage deadLetters(DeadLetterFilter filter, int offset, int limit) {
        Where where = where(filter);
        return inTransaction(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM outbox WHERE " + where.sql)) {
                where.bind(ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<DeadLetter> page = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + DEAD_COLUMNS + " FROM outbox WHERE " + where.sql
                    + " ORDER BY finished_at DESC, id DESC LIMIT ? OFFSET ?")) {
                int i = where.bind(ps, 1);
                ps.setInt(i, limit);
                ps.setInt(i + 1, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) page.add(deadLetter(rs));
                }
            }
            return new DeadLetterPage(page, total);
        });
    }

    @Override
    public Optional<DeadLetter> deadLetter(long id) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + DEAD_COLUMNS + " FROM outbox WHERE state = 2 AND id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(deadLetter(rs)) : Optional.empty();
                }
            }
        });
    }

    private static final String REPLAY_SET = "UPDATE outbox SET state = 0, attempts = 0, created_at = ?, next_attempt_at = ?, "
            + "claimed_by = NULL, last_error = NULL, finished_at = NULL, dead_reason = NULL, dead_http_status = NULL, dead_reply_code = NULL, "
            + "dead_text = NULL WHERE ";

    /** A replay never sends an item of a person erased by a privacy deletion. */
    private static final String NOT_ERASED = " AND NOT EXISTS (SELECT 1 FROM erased_person x WHERE x.person_key = outbox.person_key)";

    @Override
    public boolean replay(long id, Instant now) {
        Where where = new Where("state = 2 AND id = ?" + NOT_ERASED, List.of(id));
        return inTransaction(c -> {
            leaveOutFieldsSentSince(c, where);
            try (PreparedStatement ps = c.prepareStatement(REPLAY_SET + where.sql)) {
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, now.toEpochMilli());
                where.bind(ps, 3);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public int replay(DeadLetterFilter filter, Instant now) {
        Where filtered = where(filter);
        Where where = new Where(filtered.sql + NOT_ERASED, filtered.args);
        return inTransaction(c -> {
            leaveOutFieldsSentSince(c, where);
            try (PreparedStatement ps = c.prepareStatement(REPLAY_SET + where.sql)) {
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, now.toEpochMilli());
                where.bind(ps, 3);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * A dead-lettered upsert is older than whatever the person sent since: replayed whole, it would overwrite newer
     * values in Emarsys. Dead-lettering made the person's contact memory start afresh, so every field in the memory
     * now was sent after this item failed; those are left out of the replayed payload (the key field stays). An
     * upsert whose fields were all sent since goes out with the key only. When the person's key changed since (the
     * contact was renamed), the upsert goes to the current key: sent to the old one it would create a second contact.
     */
    private record DeadUpsert(long id, String personKey, String keyValue, String keyField, String payload) {
    }

    private void leaveOutFieldsSentSince(Connection c, Where where) throws SQLException {
        List<DeadUpsert> upserts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, person_key, key_value, key_field, payload FROM outbox WHERE "
                + where.sql + " AND op = 'CONTACT_UPSERT' AND payload IS NOT NULL")) {
            where.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) upserts.add(new DeadUpsert(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            }
        }
        if (upserts.isEmpty()) return;
        Map<String, ContactMemory> memories = new io.emarsysdest.store.datamap.JdbcContactMemoryStore(c).load(upserts.stream().map(DeadUpsert::personKey).distinct().toList());
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET payload = ?, key_value = ? WHERE id = ?")) {
            boolean any = false;
            for (DeadUpsert u : upserts) {
                ContactMemory memory = memories.get(u.personKey());
                if (memory == null || memory.isEmpty()) continue; // nothing sent since
                ObjectNode payload;
                try {
                    payload = (ObjectNode) json.readTree(u.payload());
                } catch (IOException | ClassCastException unreadable) {
                    continue;
                }
                List<String> newer = new ArrayList<>();
                for (Iterator<String> it = payload.fieldNames(); it.hasNext(); ) {
                    String field = it.next();
                    if (!field.equals(u.keyField()) && memory.sentField(field)) newer.add(field);
                }
                boolean renamed = !u.keyValue().equals(memory.key());
                if (newer.isEmpty() && !renamed) continue;
                payload.remove(newer);
                if (renamed && payload.has(u.keyField())) payload.put(u.keyField(), memory.key());
                ps.setString(1, payload.toString());
                ps.setString(2, memory.key());
                ps.setLong(3, u.id());
                ps.addBatch();
                any = true;
            }
            if (any) ps.executeBatch();
        }
    }

    @Override
    public boolean discard(long id, Instant now) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE outbox SET state = 3, finished_at = ?, payload = NULL WHERE state = 2 AND id = ?")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public int discard(DeadLetterFilter filter, Instant now) {
        Where where = where(filter);
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE outbox SET state = 3, finished_at = ?, payload = NULL WHERE " + where.sql)) {
                ps.setLong(1, now.toEpochMilli());
                where.bind(ps, 2);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public OutboxStats stats(Instant now) {
        return inTransaction(c -> {
            long pending;
            Instant oldest;
            long dead;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE state = 0");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                pending = rs.getLong(1);
                long min = rs.getLong(2);
                oldest = rs.wasNull() ? null : Instant.ofEpochMilli(min);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM outbox WHERE state = 2");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                dead = rs.getLong(1);
            }
            return new OutboxStats(pending, oldest, dead);
        });
    }

    @Override
    public int purgeFinished(Instant finishedBefore, int limit) {
        return inTransaction(c -> {
            // Walks the table in id order (old items first) instead of keeping an index that every delivery would
            // have to update; only dead letters and retries waiting at low ids are passed over. Erased tombstones
            // (state 4) finished when they were erased; by the retention their lease is long over.
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE id IN (SELECT id FROM outbox "
                    + "WHERE state IN (1, 3, 4) AND finished_at < ? ORDER BY id LIMIT ?)")) {
                ps.setLong(1, finishedBefore.toEpochMilli());
                ps.setInt(2, limit);
                return ps.executeUpdate();
            }
        });
    }

    // --- helpers ---

    private <T> T inTransaction(io.emarsysdest.store.Transactions.Work<T> work) {
        try {
            return io.emarsysdest.store.Transactions.inTransaction(dataSource, work);
        } catch (SQLException e) {
            throw new OutboxStoreException("outbox operation failed", e);
        }
    }

    private record Where(String sql, List<Object> args) {
        int bind(PreparedStatement ps, int from) throws SQLException {
            int i = from;
            for (Object a : args) {
                if (a instanceof Long l) ps.setLong(i++, l);
                else if (a instanceof Integer n) ps.setInt(i++, n);
                else ps.setString(i++, (String) a);
            }
            return i;
        }
    }

    private static Where where(DeadLetterFilter f) {
        StringBuilder sql = new StringBuilder("state = 2");
        List<Object> args = new ArrayList<>();
        if (f.reason() != null) { sql.append(" AND dead_reason = ?"); args.add(f.reason().name()); }
        if (f.replyCode() != null) { sql.append(" AND dead_reply_code = ?"); args.add(f.replyCode()); }
        if (f.account() != null) { sql.append(" AND account = ?"); args.add(f.account()); }
        if (f.op() != null) { sql.append(" AND op = ?"); args.add(f.op().name()); }
        if (f.contact() != null) { sql.append(" AND key_value = ?"); args.add(f.contact()); }
        if (f.personKey() != null) { sql.append(" AND person_key = ?"); args.add(f.personKey()); }
        if (f.from() != null) { sql.append(" AND finished_at >= ?"); args.add(f.from().toEpochMilli()); }
        if (f.to() != null) { sql.append(" AND finished_at < ?"); args.add(f.to().toEpochMilli()); }
        return new Where(sql.toString(), args);
    }

    private OutboxItem item(ResultSet rs) throws SQLException {
        String payload = rs.getString("payload");
        return new OutboxItem(
                rs.getLong("id"),
                rs.getString("account"),
                Operation.valueOf(rs.getString("op")),
                rs.getString("key_field"),
                rs.getString("key_value"),
                rs.getString("target"),
                payload == null ? null : read(payload),
                rs.getString("idempotency_key"),
                rs.getString("person_key"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                rs.getInt("attempts"),
                Instant.ofEpochMilli(rs.getLong("next_attempt_at")),
                rs.getString("last_error"));
    }

    private DeadLetter deadLetter(ResultSet rs) throws SQLException {
        return new DeadLetter(item(rs), DeadReason.valueOf(rs.getString("dead_reason")),
                getInteger(rs, "dead_http_status"), getInteger(rs, "dead_reply_code"), rs.getString("dead_text"),
                Instant.ofEpochMilli(rs.getLong("finished_at")));
    }

    private String write(ObjectNode payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload cannot be written as JSON", e);
        }
    }

    private ObjectNode read(String payload) {
        try {
            return (ObjectNode) json.readTree(payload);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new OutboxStoreException("stored payload is not a JSON object", e);
        }
    }

    private static Integer getInteger(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static void setInteger(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) ps.setNull(index, Types.INTEGER);
        else ps.setInt(index, value);
    }

    private static List<List<Long>> chunks(Collection<Long> ids) {
        List<Long> all = new ArrayList<>(ids);
        List<List<Long>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) chunks.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        return chunks;
    }

    private static String placeholders(int n) {
        return "?,".repeat(n - 1) + "?";
    }

    private static void bindIds(PreparedStatement ps, int from, List<Long> ids) throws SQLException {
        for (int i = 0; i < ids.size(); i++) ps.setLong(from + i, ids.get(i));
    }
}
