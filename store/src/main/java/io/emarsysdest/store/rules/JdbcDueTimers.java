package io.emarsysdest.store.rules;

import io.emarsysdest.core.rules.RuleTimer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The timer queue: which timers are due, claimed with a lease so one poller hands each to the processor once.
 * A claimed timer that is not deleted (its processing failed, or the process died) becomes due again when the lease
 * ends. Works on SQLite and PostgreSQL (there with {@code FOR UPDATE SKIP LOCKED}). Never commits.
 */
public final class JdbcDueTimers {
    private final Connection tx;
    private final boolean postgres;

    public JdbcDueTimers(Connection tx) throws SQLException {
        this.tx = tx;
        this.postgres = tx.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
    }

    /** The earliest due time among unclaimed timers, or empty when none is pending. */
    public Optional<Instant> nextDueAt(Instant now) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("SELECT due_at_ms FROM rule_timer WHERE claimed_until_ms <= ? "
                + "ORDER BY due_at_ms LIMIT 1")) {
            ps.setLong(1, now.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Instant.ofEpochMilli(rs.getLong(1))) : Optional.empty();
            }
        }
    }

    /** Claims up to {@code limit} due timers (earliest first) until {@code now + lease}. */
    public List<RuleTimer> claimDue(Instant now, int limit, Duration lease) throws SQLException {
        String pick = "SELECT person_id, rule_id, instance_id FROM rule_timer WHERE due_at_ms <= ? AND claimed_until_ms <= ? "
                + "ORDER BY due_at_ms LIMIT ?" + (postgres ? " FOR UPDATE SKIP LOCKED" : "");
        String sql = "UPDATE rule_timer SET claimed_until_ms = ? WHERE (person_id, rule_id, instance_id) IN (" + pick + ") "
                + "RETURNING person_id, rule_id, instance_id, rule_version, deadline_ms, due_at_ms";
        List<RuleTimer> out = new ArrayList<>();
        try (PreparedStatement ps = tx.prepareStatement(sql)) {
            ps.setLong(1, now.plus(lease).toEpochMilli());
            ps.setLong(2, now.toEpochMilli());
            ps.setLong(3, now.toEpochMilli());
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(timer(rs));
            }
        }
        out.sort((a, b) -> a.dueAt().compareTo(b.dueAt()));
        return out;
    }

    /** Releases every claim: for a single-node start-up, so overdue timers of a crashed run fire at once. */
    public int releaseClaims() throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("UPDATE rule_timer SET claimed_until_ms = 0 WHERE claimed_until_ms <> 0")) {
            return ps.executeUpdate();
        }
    }

    public long pending() throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("SELECT COUNT(*) FROM rule_timer"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static RuleTimer timer(ResultSet rs) throws SQLException {
        return new RuleTimer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6)));
    }
}
