package io.emarsysdest.store.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.rules.RuleDefinition;
import io.emarsysdest.core.rules.RuleParser;
import io.emarsysdest.core.rules.RuleSet;
import io.emarsysdest.core.validation.ValidationException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rules and their versions, inside the caller's transaction. A rule has at most one draft (the newest version);
 * publishing freezes it and makes it the active version; later edits start a new draft. Never commits.
 */
public final class JdbcRuleRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Connection tx;

    public JdbcRuleRepository(Connection tx) {
        this.tx = tx;
    }

    /** A rule: its name, status (draft = never published, active, inactive) and versions. */
    public record RuleSummary(String ruleId, String name, String status, Integer activeVersion, int latestVersion,
                              boolean hasDraft, Instant updatedAt) {
    }

    public record RuleVersion(String ruleId, int version, String status, JsonNode definition, Instant createdAt, Instant publishedAt) {
    }

    public List<RuleSummary> list() throws SQLException {
        return summaries("", null);
    }

    public Optional<RuleSummary> get(String ruleId) throws SQLException {
        return summaries(" WHERE r.rule_id = ?", ruleId).stream().findFirst();
    }

    private List<RuleSummary> summaries(String where, String arg) throws SQLException {
        String sql = "SELECT r.rule_id, r.name, r.status, r.active_version, r.updated_at, "
                + "(SELECT MAX(version) FROM rule_version v WHERE v.rule_id = r.rule_id), "
                + "(SELECT COUNT(*) FROM rule_version v WHERE v.rule_id = r.rule_id AND v.status = 'draft') "
                + "FROM rule r" + where + " ORDER BY r.rule_id";
        List<RuleSummary> out = new ArrayList<>();
        try (PreparedStatement ps = tx.prepareStatement(sql)) {
            if (arg != null) ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int active = rs.getInt(4);
                    Integer activeVersion = rs.wasNull() ? null : active; // asked right after column 4: a draft-only rule has none
                    out.add(new RuleSummary(rs.getString(1), rs.getString(2), rs.getString(3), activeVersion,
                            rs.getInt(6), rs.getInt(7) > 0, Instant.parse(rs.getString(5))));
                }
            }
        }
        return out;
    }

    public List<RuleVersion> versions(String ruleId) throws SQLException {
        return versionRows("WHERE rule_id = ? ORDER BY version", ps -> ps.setString(1, ruleId));
    }

    public Optional<RuleVersion> version(String ruleId, int version) throws SQLException {
        return versionRows("WHERE rule_id = ? AND version = ?", ps -> {
            ps.setString(1, ruleId);
            ps.setInt(2, version);
        }).stream().findFirst();
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<RuleVersion> versionRows(String where, Binder binder) throws SQLException {
        List<RuleVersion> out = new ArrayList<>();
        try (PreparedStatement ps = tx.prepareStatement("SELECT rule_id, version, status, definition, created_at, published_at FROM rule_version " + where)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String published = rs.getString(6);
                    out.add(new RuleVersion(rs.getString(1), rs.getInt(2), rs.getString(3), parse(rs.getString(4)),
                            Instant.parse(rs.getString(5)), published == null ? null : Instant.parse(published)));
                }
            }
        }
        return out;
    }

    /**
     * Saves a (validated) definition as the rule's draft: replaces the current draft, or starts a new version after the
     * newest published one. The stored JSON carries the assigned version.
     */
    public RuleVersion saveDraft(RuleDefinition rule, Instant now) throws SQLException {
        Optional<RuleSummary> existing = get(rule.id());
        if (existing.isEmpty()) {
            try (PreparedStatement ps = tx.prepareStatement("INSERT INTO rule (rule_id, name, status, active_version, created_at, updated_at) VALUES (?, ?, 'draft', NULL, ?, ?)")) {
                ps.setString(1, rule.id());
                ps.setString(2, rule.name());
                ps.setString(3, now.toString());
                ps.setString(4, now.toString());
                ps.executeUpdate();
            }
        } else {
            try (PreparedStatement ps = tx.prepareStatement("UPDATE rule SET name = ?, updated_at = ? WHERE rule_id = ?")) {
                ps.setString(1, rule.name());
                ps.setString(2, now.toString());
                ps.setString(3, rule.id());
                ps.executeUpdate();
            }
        }
        int version = existing.map(s -> s.hasDraft() ? s.latestVersion() : s.latestVersion() + 1).orElse(1);
        ObjectNode json = ((ObjectNode) rule.json().deepCopy()).put("version", version);
        json.remove("status");
        try (PreparedStatement ps = tx.prepareStatement("DELETE FROM rule_version WHERE rule_id = ? AND version = ? AND status = 'draft'")) {
            ps.setString(1, rule.id());
            ps.setInt(2, version);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = tx.prepareStatement("INSERT INTO rule_version (rule_id, version, status, definition, created_at, published_at) VALUES (?, ?, 'draft', ?, ?, NULL)")) {
            ps.setString(1, rule.id());
            ps.setInt(2, version);
            ps.setString(3, json.toString());
            ps.setString(4, now.toString());
            ps.executeUpdate();
        }
        return version(rule.id(), version).orElseThrow();
    }

    /** Publishes the draft (it becomes immutable and active); without a draft, re-activates the newest published version. */
    public RuleVersion publish(String ruleId, Instant now) throws SQLException {
        RuleSummary s = get(ruleId).orElseThrow(() -> new IllegalArgumentException("no rule '" + ruleId + "'"));
        int version = s.latestVersion();
        if (s.hasDraft()) {
            try (PreparedStatement ps = tx.prepareStatement("UPDATE rule_version SET status = 'published', published_at = ? WHERE rule_id = ? AND version = ?")) {
                ps.setString(1, now.toString());
                ps.setString(2, ruleId);
                ps.setInt(3, version);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = tx.prepareStatement("UPDATE rule SET status = 'active', active_version = ?, updated_at = ? WHERE rule_id = ?")) {
            ps.setInt(1, version);
            ps.setString(2, now.toString());
            ps.setString(3, ruleId);
            ps.executeUpdate();
        }
        return version(ruleId, version).orElseThrow();
    }

    /** Stops the rule: no new instances, and live ones are dropped when next touched. */
    public boolean deactivate(String ruleId, Instant now) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("UPDATE rule SET status = 'inactive', updated_at = ? WHERE rule_id = ? AND status = 'active'")) {
            ps.setString(1, now.toString());
            ps.setString(2, ruleId);
            return ps.executeUpdate() > 0;
        }
    }

    /**
     * What the engine evaluates: the active version of every active rule, plus their older published versions so live
     * instances finish on the version they started with.
     */
    public RuleSet loadRuleSet(RuleParser parser) throws SQLException {
        List<RuleDefinition> active = new ArrayList<>();
        List<RuleDefinition> draining = new ArrayList<>();
        try (PreparedStatement ps = tx.prepareStatement("SELECT v.rule_id, v.version, v.definition, r.active_version FROM rule_version v "
                + "JOIN rule r ON r.rule_id = v.rule_id WHERE r.status = 'active' AND v.status = 'published' ORDER BY v.rule_id, v.version");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                RuleParser.Parsed p = parser.parse(parse(rs.getString(3)));
                if (!p.ok()) throw new ValidationException("stored rule " + rs.getString(1) + " v" + rs.getInt(2), p.problems());
                (rs.getInt(2) == rs.getInt(4) ? active : draining).add(p.rule());
            }
        }
        return RuleSet.of(active, draining);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored rule definition is not JSON", e);
        }
    }
}
