package io.emarsysdest.store.rules;

import io.emarsysdest.core.rules.Trace;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-rule counts (table {@code rule_stats}): how often instances entered, fired, exited, expired or were cancelled
 * by an event (absence steps), the last entry and fire, and the live instances now (one timer row per live instance
 * with a step). Counted from the engine's traces in the transaction that applied them (same SQL in both dialects).
 */
public final class JdbcRuleStats {
    /** One rule's figures; times null when it never happened. */
    public record Stats(String ruleId, long entered, long fired, long exited, long expired, long cancelled, long live,
                        Instant lastEntered, Instant lastFired) {
        public static Stats none(String ruleId) {
            return new Stats(ruleId, 0, 0, 0, 0, 0, 0, null, null);
        }
    }

    private JdbcRuleStats() {
    }

    private static final class Delta {
        long entered, fired, exited, expired, cancelled;
        Long lastEnteredMs, lastFiredMs;

        boolean isEmpty() {
            return entered + fired + exited + expired + cancelled == 0;
        }
    }

    /** Adds the traces' entries, fires, exits, expiries and cancellations; one statement per rule touched. */
    public static void record(Connection tx, List<Trace> traces) throws SQLException {
        if (traces.isEmpty()) return;
        Map<String, Delta> byRule = new HashMap<>();
        for (Trace t : traces) {
            Delta d;
            switch (t.kind()) {
                case ENTERED -> {
                    d = byRule.computeIfAbsent(t.ruleId(), k -> new Delta());
                    d.entered++;
                    d.lastEnteredMs = max(d.lastEnteredMs, t.at());
                }
                case FIRED -> {
                    d = byRule.computeIfAbsent(t.ruleId(), k -> new Delta());
                    d.fired++;
                    d.lastFiredMs = max(d.lastFiredMs, t.at());
                }
                case EXITED -> byRule.computeIfAbsent(t.ruleId(), k -> new Delta()).exited++;
                case EXPIRED -> byRule.computeIfAbsent(t.ruleId(), k -> new Delta()).expired++;
                case CANCELLED_BY_EVENT -> byRule.computeIfAbsent(t.ruleId(), k -> new Delta()).cancelled++;
                default -> {
                }
            }
        }
        if (byRule.isEmpty()) return;
        try (PreparedStatement ps = tx.prepareStatement("""
                INSERT INTO rule_stats (rule_id, entered, fired, exited, expired, cancelled, last_entered_ms, last_fired_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (rule_id) DO UPDATE SET
                  entered = rule_stats.entered + excluded.entered,
                  fired = rule_stats.fired + excluded.fired,
                  exited = rule_stats.exited + excluded.exited,
                  expired = rule_stats.expired + excluded.expired,
                  cancelled = rule_stats.cancelled + excluded.cancelled,
                  last_entered_ms = COALESCE(excluded.last_entered_ms, rule_stats.last_entered_ms),
                  last_fired_ms = COALESCE(excluded.last_fired_ms, rule_stats.last_fired_ms)""")) {
            for (Map.Entry<String, Delta> e : byRule.entrySet()) {
                Delta d = e.getValue();
                if (d.isEmpty()) continue;
                ps.setString(1, e.getKey());
                ps.setLong(2, d.entered);
                ps.setLong(3, d.fired);
                ps.setLong(4, d.exited);
                ps.setLong(5, d.expired);
                ps.setLong(6, d.cancelled);
                setNullableLong(ps, 7, d.lastEnteredMs);
                setNullableLong(ps, 8, d.lastFiredMs);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Every rule's figures (rules never touched are absent: their figures are zero). */
    public static Map<String, Stats> all(Connection c) throws SQLException {
        Map<String, Long> live = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT rule_id, COUNT(*) FROM rule_timer GROUP BY rule_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) live.put(rs.getString(1), rs.getLong(2));
        }
        Map<String, Stats> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT rule_id, entered, fired, exited, expired, cancelled, last_entered_ms, last_fired_ms FROM rule_stats ORDER BY rule_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1);
                out.put(id, new Stats(id, rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                        live.getOrDefault(id, 0L), instant(rs, 7), instant(rs, 8)));
            }
        }
        for (Map.Entry<String, Long> l : live.entrySet()) {
            out.computeIfAbsent(l.getKey(), id -> new Stats(id, 0, 0, 0, 0, 0, l.getValue(), null, null));
        }
        return out;
    }

    /** One rule's figures (zeros when it never ran). */
    public static Stats of(Connection c, String ruleId) throws SQLException {
        Stats s = all(c).get(ruleId);
        return s == null ? Stats.none(ruleId) : s;
    }

    private static Long max(Long current, Instant at) {
        long ms = at.toEpochMilli();
        return current == null || ms > current ? ms : current;
    }

    private static void setNullableLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) ps.setNull(i, java.sql.Types.BIGINT);
        else ps.setLong(i, v);
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
