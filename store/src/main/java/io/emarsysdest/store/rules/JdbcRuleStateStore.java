package io.emarsysdest.store.rules;

import io.emarsysdest.core.engine.RuleStateStore;
import io.emarsysdest.core.rules.PersonRuleState;
import io.emarsysdest.core.rules.RuleStateCodec;
import io.emarsysdest.core.rules.RuleTimer;
import io.emarsysdest.core.rules.TimerKey;
import io.emarsysdest.store.identity.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link RuleStateStore} on tables {@code rule_state} and {@code rule_timer} (V500__rules.sql), inside the caller's
 * transaction; never commits. SQLite and PostgreSQL share the SQL except the claim of due timers, which uses
 * {@code FOR UPDATE SKIP LOCKED} on PostgreSQL so several pollers never claim the same timer.
 */
public final class JdbcRuleStateStore implements RuleStateStore {
    private static final String UPSERT_STATE = "INSERT INTO rule_state (person_id, state, updated_at_ms) VALUES (?, ?, ?) "
            + "ON CONFLICT (person_id) DO UPDATE SET state = excluded.state, updated_at_ms = excluded.updated_at_ms";
    private static final String TIMER_COLUMNS = "person_id, rule_id, instance_id, rule_version, deadline_ms, due_at_ms";
    private static final int IN_CHUNK = 500;
    private final Connection tx;

    public JdbcRuleStateStore(Connection tx) {
        this.tx = tx;
    }

    @Override
    public Map<String, PersonRuleState> load(Collection<String> personIds) {
        Map<String, PersonRuleState> out = new HashMap<>();
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(personIds));
        try {
            for (int from = 0; from < ids.size(); from += IN_CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
                String sql = "SELECT person_id, state FROM rule_state WHERE person_id IN (" + marks(chunk.size()) + ")";
                try (PreparedStatement ps = tx.prepareStatement(sql)) {
                    for (int i = 0; i < chunk.size(); i++) ps.setString(i + 1, chunk.get(i));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) out.put(rs.getString(1), RuleStateCodec.read(rs.getString(1), rs.getString(2)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        for (String id : ids) out.computeIfAbsent(id, PersonRuleState::empty);
        return out;
    }

    /** One statement of each kind for all the states. */
    @Override
    public void saveAll(Collection<PersonRuleState> states, Instant now) {
        List<PersonRuleState> upserts = new ArrayList<>(states.size());
        List<PersonRuleState> deletes = new ArrayList<>();
        for (PersonRuleState s : states) (s.isEmpty() ? deletes : upserts).add(s);
        try {
            if (!deletes.isEmpty()) {
                try (PreparedStatement ps = tx.prepareStatement("DELETE FROM rule_state WHERE person_id = ?")) {
                    for (PersonRuleState s : deletes) {
                        ps.setString(1, s.personId());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            if (!upserts.isEmpty()) {
                try (PreparedStatement ps = tx.prepareStatement(UPSERT_STATE)) {
                    for (PersonRuleState s : upserts) {
                        ps.setString(1, s.personId());
                        ps.setString(2, RuleStateCodec.write(s));
                        ps.setLong(3, now.toEpochMilli());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public void applyTimers(List<RuleTimer> set, List<TimerKey> cancel) {
        try {
            if (!cancel.isEmpty()) {
                try (PreparedStatement ps = tx.prepareStatement("DELETE FROM rule_timer WHERE person_id = ? AND rule_id = ? AND instance_id = ?")) {
                    for (TimerKey k : cancel) {
                        ps.setString(1, k.personId());
                        ps.setString(2, k.ruleId());
                        ps.setString(3, k.instanceId());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            if (!set.isEmpty()) {
                try (PreparedStatement ps = tx.prepareStatement("INSERT INTO rule_timer (" + TIMER_COLUMNS + ", claimed_until_ms) "
                        + "VALUES (?, ?, ?, ?, ?, ?, 0) ON CONFLICT (person_id, rule_id, instance_id) DO UPDATE SET rule_version = excluded.rule_version, "
                        + "deadline_ms = excluded.deadline_ms, due_at_ms = excluded.due_at_ms, claimed_until_ms = 0")) {
                    for (RuleTimer t : set) {
                        ps.setString(1, t.personId());
                        ps.setString(2, t.ruleId());
                        ps.setString(3, t.instanceId());
                        ps.setInt(4, t.version());
                        ps.setLong(5, t.deadline().toEpochMilli());
                        ps.setLong(6, t.dueAt().toEpochMilli());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public boolean timerFired(RuleTimer t) {
        try (PreparedStatement ps = tx.prepareStatement("DELETE FROM rule_timer WHERE person_id = ? AND rule_id = ? AND instance_id = ? "
                + "AND deadline_ms = ? AND due_at_ms = ?")) {
            ps.setString(1, t.personId());
            ps.setString(2, t.ruleId());
            ps.setString(3, t.instanceId());
            ps.setLong(4, t.deadline().toEpochMilli());
            ps.setLong(5, t.dueAt().toEpochMilli());
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public List<RuleTimer> timersOf(String personId) {
        List<RuleTimer> out = new ArrayList<>();
        try (PreparedStatement ps = tx.prepareStatement("SELECT " + TIMER_COLUMNS + " FROM rule_timer WHERE person_id = ? ORDER BY due_at_ms, rule_id, instance_id")) {
            ps.setString(1, personId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(timer(rs));
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        return out;
    }

    @Override
    public Optional<Instant> nextDueAt(Instant now) {
        try (PreparedStatement ps = tx.prepareStatement("SELECT due_at_ms FROM rule_timer WHERE claimed_until_ms <= ? "
                + "ORDER BY due_at_ms LIMIT 1")) {
            ps.setLong(1, now.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Instant.ofEpochMilli(rs.getLong(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public List<RuleTimer> claimDue(Instant now, int limit, Duration lease) {
        List<RuleTimer> out = new ArrayList<>();
        try {
            boolean postgres = tx.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
            String pick = "SELECT person_id, rule_id, instance_id FROM rule_timer WHERE due_at_ms <= ? AND claimed_until_ms <= ? "
                    + "ORDER BY due_at_ms LIMIT ?" + (postgres ? " FOR UPDATE SKIP LOCKED" : "");
            String sql = "UPDATE rule_timer SET claimed_until_ms = ? WHERE (person_id, rule_id, instance_id) IN (" + pick + ") "
                    + "RETURNING " + TIMER_COLUMNS;
            try (PreparedStatement ps = tx.prepareStatement(sql)) {
                ps.setLong(1, now.plus(lease).toEpochMilli());
                ps.setLong(2, now.toEpochMilli());
                ps.setLong(3, now.toEpochMilli());
                ps.setInt(4, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(timer(rs));
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        out.sort((a, b) -> a.dueAt().compareTo(b.dueAt()));
        return out;
    }

    @Override
    public int releaseClaims() {
        try (PreparedStatement ps = tx.prepareStatement("UPDATE rule_timer SET claimed_until_ms = 0 WHERE claimed_until_ms <> 0")) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public long pendingTimers() {
        try (PreparedStatement ps = tx.prepareStatement("SELECT COUNT(*) FROM rule_timer"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public void erase(Collection<String> personIds) {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(personIds));
        try {
            for (int from = 0; from < ids.size(); from += IN_CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
                for (String table : List.of("rule_state", "rule_timer")) {
                    try (PreparedStatement ps = tx.prepareStatement("DELETE FROM " + table + " WHERE person_id IN (" + marks(chunk.size()) + ")")) {
                        for (int i = 0; i < chunk.size(); i++) ps.setString(i + 1, chunk.get(i));
                        ps.executeUpdate();
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private static RuleTimer timer(ResultSet rs) throws SQLException {
        return new RuleTimer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6)));
    }

    private static String marks(int n) {
        return "?,".repeat(n - 1) + "?";
    }

    /** Table {@code rule_stats} ({@link JdbcRuleStats}). */
    @Override
    public void recordOutcomes(List<io.emarsysdest.core.rules.Trace> traces) {
        try {
            JdbcRuleStats.record(tx, traces);
        } catch (java.sql.SQLException e) {
            throw new StoreException(e);
        }
    }
}
