package io.emarsysdest.store.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.rules.RuleDefinition;
import io.emarsysdest.core.rules.RuleParser;
import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.core.validation.ValidationException;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Imports rules as data: {@code {"rules":[definition + optional "status"]}}, the format of the export, of the API's
 * import and of the config file's rules. Everything is validated first (all problems, under {@code rules[i]});
 * nothing is written when there is one. A rule whose definition and status equal what is stored is left alone, so
 * importing the same config at every start creates no new versions.
 * Status: {@code active} (default) publishes, {@code inactive} publishes and deactivates, {@code draft} only saves.
 */
public final class RuleImport {
    private static final Set<String> STATUSES = Set.of("active", "inactive", "draft");
    private final RuleParser parser;

    public RuleImport(RuleParser parser) {
        this.parser = parser;
    }

    /** What was imported, per rule: its summary and whether anything changed. */
    public record Imported(JdbcRuleRepository.RuleSummary rule, boolean changed) {
    }

    public List<Imported> importAll(Connection tx, JsonNode body, Instant now) throws SQLException {
        List<RuleDefinition> defs = validated(body);
        JsonNode list = body.path("rules");

        JdbcRuleRepository repo = new JdbcRuleRepository(tx);
        List<Imported> out = new ArrayList<>();
        for (int i = 0; i < defs.size(); i++) {
            RuleDefinition d = defs.get(i);
            String status = list.get(i).path("status").asText("active");
            Optional<JdbcRuleRepository.RuleSummary> existing = repo.get(d.id());
            if (existing.isPresent() && existing.get().status().equals(status) && sameAsStored(repo, existing.get(), d)) {
                out.add(new Imported(existing.get(), false));
                continue;
            }
            repo.saveDraft(d, now);
            if (!status.equals("draft")) repo.publish(d.id(), now);
            if (status.equals("inactive")) repo.deactivate(d.id(), now);
            out.add(new Imported(repo.get(d.id()).orElseThrow(), true));
        }
        return out;
    }

    /** Checks a body as {@link #importAll} does, without a database. @throws ValidationException with every problem */
    public List<RuleDefinition> validated(JsonNode body) {
        JsonNode list = body == null ? null : body.path("rules");
        if (list == null || !list.isArray()) {
            throw new ValidationException("rule import", List.of(new Problem("rules", "missing", "expected {\"rules\":[…]}")));
        }
        List<Problem> problems = new ArrayList<>();
        List<RuleDefinition> defs = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "rules[" + i + "]";
            RuleParser.Parsed p = parser.parse(list.get(i));
            for (Problem x : p.problems()) problems.add(x.under(at));
            String status = list.get(i).path("status").asText("active");
            if (!STATUSES.contains(status)) problems.add(new Problem(at + ".status", "unknown_status", "status must be active, inactive or draft"));
            if (p.ok() && !ids.add(p.rule().id())) problems.add(new Problem(at + ".id", "duplicate_id", "rule '" + p.rule().id() + "' appears twice"));
            if (p.ok()) defs.add(p.rule());
        }
        if (!problems.isEmpty()) throw new ValidationException("rule import", problems);
        return defs;
    }

    private static boolean sameAsStored(JdbcRuleRepository repo, JdbcRuleRepository.RuleSummary s, RuleDefinition d) throws SQLException {
        int v = s.activeVersion() != null && !s.hasDraft() ? s.activeVersion() : s.latestVersion();
        Optional<JdbcRuleRepository.RuleVersion> stored = repo.version(s.ruleId(), v);
        return stored.isPresent() && comparable(stored.get().definition()).equals(comparable(d.json()));
    }

    private static JsonNode comparable(JsonNode json) {
        ObjectNode o = ((ObjectNode) json).deepCopy();
        o.remove("version");
        o.remove("status");
        return o;
    }
}
