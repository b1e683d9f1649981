package io.emarsysdest.store.rules;

import io.emarsysdest.core.rules.PersonRuleState;
import io.emarsysdest.core.rules.RuleStateCodec;
import io.emarsysdest.core.rules.RuleTimer;
import io.emarsysdest.core.rules.StepResult;
import io.emarsysdest.core.rules.TimerKey;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Rule state and timers of persons, inside the caller's transaction (the event processor's). Works on SQLite and
 * PostgreSQL (V500__rules.sql). Never commits.
 */
public final class JdbcRuleStateRepository {
    private static final String UPSERT_STATE = "INSERT INTO rule_state (person_id, state, updated_at_ms) VALUES (?, ?, ?) "
            + "ON CONFLICT (person_id) DO UPDATE SET state = excluded.state, updated_at_ms = excluded.updated_at_ms";
    private static final int IN_CHUNK = 500;
    private final Connection tx;

    public JdbcRuleStateRepository(Connection tx) {
        this.tx = tx;
    }

    /** The states of these persons; a person without a row gets an empty state. */
    public Map<String, PersonRuleState> load(Collection<String> personIds) throws SQLException {
        Map<String, PersonRuleState> out = new HashMap<>();
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(personIds));
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
            String sql = "SELECT person_id, state FROM rule_state WHERE person_id IN (" + "?,".repeat(chunk.size() - 1) + "?)";
            try (PreparedStatement ps = tx.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) ps.setString(i + 1, chunk.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1), RuleStateCodec.read(rs.getString(1), rs.getString(2)));
                }
            }
        }
        for (String id : ids) out.computeIfAbsent(id, PersonRuleState::empty);
        return out;
    }

    public PersonRuleState load(String personId) throws SQLException {
        return load(List.of(personId)).get(personId);
    }

    /** Stores the state (an empty state deletes the row). */
    public void save(PersonRuleState state, Instant now) throws SQLException {
        if (state.isEmpty()) {
            try (PreparedStatement ps = tx.prepareStatement("DELETE FROM rule_state WHERE person_id = ?")) {
                ps.setString(1, state.personId());
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = tx.prepareStatement(UPSERT_STATE)) {
            ps.setString(1, state.personId());
            ps.setString(2, RuleStateCodec.write(state));
            ps.setLong(3, now.toEpochMilli());
            ps.executeUpdate();
        }
    }

    /** Stores several persons' states with one statement of each kind (as {@link #save}, each person at most once). */
    public void saveAll(Collection<PersonRuleState> states, Instant now) throws SQLException {
        List<PersonRuleState> upserts = new ArrayList<>(states.size());
        List<PersonRuleState> deletes = new ArrayList<>();
        for (PersonRuleState s : states) (s.isEmpty() ? deletes : upserts).add(s);
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
    }

    /** Applies an engine step: the state when it changed, then cancelled timers, then new timers. */
    public void apply(StepResult result, Instant now) throws SQLException {
        if (result.changed()) save(result.state(), now);
        applyTimers(result.timersToSet(), result.timersToCancel());
    }

    public void applyTimers(List<RuleTimer> set, List<TimerKey> cancel) throws SQLException {
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
            try (PreparedStatement ps = tx.prepareStatement("INSERT INTO rule_timer (person_id, rule_id, instance_id, rule_version, deadline_ms, due_at_ms, claimed_until_ms) "
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
    }

    /**
     * Removes a timer that has just been handed to the engine, unless it was replaced meanwhile (a newer deadline for
     * the same instance). Call it for every fired timer, in the transaction that applies the engine's result.
     */
    public boolean timerFired(RuleTimer t) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("DELETE FROM rule_timer WHERE person_id = ? AND rule_id = ? AND instance_id = ? "
                + "AND deadline_ms = ? AND due_at_ms = ?")) {
            ps.setString(1, t.personId());
            ps.setString(2, t.ruleId());
            ps.setString(3, t.instanceId());
            ps.setLong(4, t.deadline().toEpochMilli());
            ps.setLong(5, t.dueAt().toEpochMilli());
            return ps.executeUpdate() > 0;
        }
    }

    /** The stored timers of one person (for inspection and tests). */
    public List<RuleTimer> timersOf(String personId) throws SQLException {
        List<RuleTimer> out = new ArrayList<>();
        try (PreparedStatement ps = tx.prepareStatement("SELECT person_id, rule_id, instance_id, rule_version, deadline_ms, due_at_ms "
                + "FROM rule_timer WHERE person_id = ? ORDER BY due_at_ms")) {
            ps.setString(1, personId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(JdbcDueTimers.timer(rs));
            }
        }
        return out;
    }
}
