package io.emarsysdest.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.rules.DryRun;
import io.emarsysdest.core.rules.PersonContext;
import io.emarsysdest.core.rules.RuleDefinition;
import io.emarsysdest.core.rules.RuleEngine;
import io.emarsysdest.core.rules.RuleParser;
import io.emarsysdest.core.rules.RuleSet;
import io.emarsysdest.core.rules.RuleTimer;
import io.emarsysdest.core.rules.Trace;
import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.store.rules.JdbcRuleRepository;
import io.emarsysdest.store.rules.JdbcRuleStats;
import io.emarsysdest.store.rules.RuleImport;
import io.emarsysdest.core.validation.ValidationException;
import io.javalin.Javalin;
import io.javalin.http.Context;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The rules API: list and read rules and versions, save drafts (400 with every problem), publish, deactivate, export
 * and import as JSON, and dry runs. After a change that alters what runs, the new {@link RuleSet} goes to
 * {@code onRulesChanged} (the processor swaps it in). See docs/rules.md for the routes.
 */
public final class RulesApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource db;
    private final RuleParser parser;
    private final RuleEngine engine;
    private final InstantSource clock;
    private final Consumer<RuleSet> onRulesChanged;

    public RulesApi(DataSource db, RuleParser parser, RuleEngine engine, InstantSource clock, Consumer<RuleSet> onRulesChanged) {
        this.db = db;
        this.parser = parser;
        this.engine = new RuleEngine(engine.limits(), true); // dry runs always explain, whatever the processor's engine does
        this.clock = clock;
        this.onRulesChanged = onRulesChanged;
    }

    public void register(Javalin app) {
        app.get("/api/rules", ctx -> handle(ctx, () -> tx(c -> {
            ArrayNode out = JSON.createArrayNode();
            java.util.Map<String, JdbcRuleStats.Stats> stats = JdbcRuleStats.all(c);
            for (JdbcRuleRepository.RuleSummary s : new JdbcRuleRepository(c).list()) {
                out.add(summary(s).set("stats", stats(stats.getOrDefault(s.ruleId(), JdbcRuleStats.Stats.none(s.ruleId())))));
            }
            return JSON.createObjectNode().set("rules", out);
        })));
        app.post("/api/rules/dry-run", ctx -> handle(ctx, () -> dryRun(body(ctx))));
        app.get("/api/rules/export", ctx -> handle(ctx, this::export));
        app.post("/api/rules/import", ctx -> handle(ctx, () -> importRules(body(ctx))));
        app.get("/api/rules/{id}", ctx -> handle(ctx, () -> tx(c -> {
            JdbcRuleRepository repo = new JdbcRuleRepository(c);
            JdbcRuleRepository.RuleSummary s = repo.get(ctx.pathParam("id")).orElseThrow(() -> notFound(ctx.pathParam("id")));
            ObjectNode out = summary(s);
            out.set("definition", repo.version(s.ruleId(), s.latestVersion()).orElseThrow().definition());
            return out;
        })));
        app.get("/api/rules/{id}/stats", ctx -> handle(ctx, () -> tx(c -> {
            new JdbcRuleRepository(c).get(ctx.pathParam("id")).orElseThrow(() -> notFound(ctx.pathParam("id")));
            return stats(JdbcRuleStats.of(c, ctx.pathParam("id")));
        })));
        app.get("/api/rules/{id}/versions", ctx -> handle(ctx, () -> tx(c -> {
            JdbcRuleRepository repo = new JdbcRuleRepository(c);
            repo.get(ctx.pathParam("id")).orElseThrow(() -> notFound(ctx.pathParam("id")));
            ArrayNode out = JSON.createArrayNode();
            for (JdbcRuleRepository.RuleVersion v : repo.versions(ctx.pathParam("id"))) out.add(version(v));
            return JSON.createObjectNode().set("versions", out);
        })));
        app.get("/api/rules/{id}/versions/{version}", ctx -> handle(ctx, () -> tx(c -> {
            int v = intParam(ctx.pathParam("version"));
            return version(new JdbcRuleRepository(c).version(ctx.pathParam("id"), v)
                    .orElseThrow(() -> new ApiError(404, "not_found", "rule '" + ctx.pathParam("id") + "' has no version " + v, List.of())));
        })));
        app.put("/api/rules/{id}", ctx -> handle(ctx, () -> {
            JsonNode body = body(ctx);
            if (body.isObject() && !body.has("id")) ((ObjectNode) body).put("id", ctx.pathParam("id"));
            RuleDefinition rule = validate(body, "");
            if (!rule.id().equals(ctx.pathParam("id"))) {
                throw new ApiError(400, "invalid_rule", "the rule's id does not match the path",
                        List.of(new Problem("id", "id_mismatch", "id '" + rule.id() + "' differs from the path '" + ctx.pathParam("id") + "'")));
            }
            return tx(c -> version(new JdbcRuleRepository(c).saveDraft(rule, clock.instant())));
        }));
        app.post("/api/rules/{id}/publish", ctx -> handle(ctx, () -> {
            expectedVersion(ctx); // a bad ?version is refused before anything is looked up
            JsonNode out = tx(c -> {
                JdbcRuleRepository repo = new JdbcRuleRepository(c);
                JdbcRuleRepository.RuleSummary s = repo.get(ctx.pathParam("id")).orElseThrow(() -> notFound(ctx.pathParam("id")));
                // ?version=n: publish only if n is what would be published (the editor's version), never an older one
                Integer expected = expectedVersion(ctx);
                if (expected != null && expected != s.latestVersion()) {
                    throw new ApiError(409, "version_mismatch", "version " + expected + " is not the newest version of rule '"
                            + s.ruleId() + "' (" + s.latestVersion() + "): save the rule first, or reload it", List.of(
                            new Problem("version", "version_mismatch", "the newest version is " + s.latestVersion())));
                }
                return version(repo.publish(ctx.pathParam("id"), clock.instant()));
            });
            reload();
            return out;
        }));
        app.post("/api/rules/{id}/deactivate", ctx -> handle(ctx, () -> {
            JsonNode out = tx(c -> {
                JdbcRuleRepository repo = new JdbcRuleRepository(c);
                repo.get(ctx.pathParam("id")).orElseThrow(() -> notFound(ctx.pathParam("id")));
                repo.deactivate(ctx.pathParam("id"), clock.instant());
                return summary(repo.get(ctx.pathParam("id")).orElseThrow());
            });
            reload();
            return out;
        }));
    }

    /**
     * Puts a rule back as it was (change history rollback): its definition becomes the newest version again (saved as
     * a new draft when it differs) and it is published when it was active, stopped when it was not.
     */
    public void restore(String id, JsonNode definition, String status) throws SQLException {
        RuleDefinition rule = validate(definition, "");
        tx(c -> {
            JdbcRuleRepository repo = new JdbcRuleRepository(c);
            Optional<JdbcRuleRepository.RuleSummary> now = repo.get(id);
            JsonNode latest = now.isEmpty() ? null : withoutVersion(repo.version(id, now.get().latestVersion()).orElseThrow().definition());
            if (latest == null || !latest.equals(withoutVersion(definition))) repo.saveDraft(rule, clock.instant());
            if ("active".equals(status)) repo.publish(id, clock.instant());
            else if (now.isPresent() && "active".equals(now.get().status())) repo.deactivate(id, clock.instant());
            return null;
        });
        reload();
    }

    private static JsonNode withoutVersion(JsonNode definition) {
        if (!(definition instanceof ObjectNode o)) return definition;
        ObjectNode copy = o.deepCopy();
        copy.remove("version");
        copy.remove("status");
        return copy;
    }

    /** Loads the rule set from the store and hands it to the listener (also for the lead's start-up). */
    public RuleSet reload() throws SQLException {
        RuleSet set = tx(c -> new JdbcRuleRepository(c).loadRuleSet(parser));
        onRulesChanged.accept(set);
        return set;
    }

    private JsonNode export() throws SQLException {
        return tx(c -> {
            JdbcRuleRepository repo = new JdbcRuleRepository(c);
            ArrayNode rules = JSON.createArrayNode();
            for (JdbcRuleRepository.RuleSummary s : repo.list()) {
                int v = s.activeVersion() != null ? s.activeVersion() : s.latestVersion();
                ObjectNode def = ((ObjectNode) repo.version(s.ruleId(), v).orElseThrow().definition()).deepCopy();
                def.put("status", s.status());
                rules.add(def);
            }
            return JSON.createObjectNode().set("rules", rules);
        });
    }

    /** Imports {"rules":[…]} (see {@link RuleImport}); 400 with every problem, all or nothing. */
    private JsonNode importRules(JsonNode body) throws SQLException {
        JsonNode out;
        try {
            out = tx(c -> {
                ArrayNode result = JSON.createArrayNode();
                for (RuleImport.Imported i : new RuleImport(parser).importAll(c, body, clock.instant())) {
                    result.add(summary(i.rule()).put("changed", i.changed()));
                }
                return JSON.createObjectNode().set("rules", result);
            });
        } catch (ValidationException e) {
            throw new ApiError(400, "invalid_rules", e.problems().size() + " problem(s) in the import", e.problems());
        }
        reload();
        return out;
    }

    private JsonNode dryRun(JsonNode body) throws SQLException {
        List<Problem> problems = new ArrayList<>();
        List<RuleDefinition> rules = new ArrayList<>();
        if (body.path("rules").isArray()) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < body.get("rules").size(); i++) {
                RuleParser.Parsed p = parser.parse(body.get("rules").get(i));
                for (Problem x : p.problems()) problems.add(x.under("rules[" + i + "]"));
                if (p.ok() && !seen.add(p.rule().id())) problems.add(new Problem("rules[" + i + "].id", "duplicate_id", "rule '" + p.rule().id() + "' appears twice"));
                else if (p.ok()) rules.add(p.rule());
            }
        } else if (body.has("rule")) {
            RuleParser.Parsed p = parser.parse(body.get("rule"));
            for (Problem x : p.problems()) problems.add(x.under("rule"));
            if (p.ok()) rules.add(p.rule());
        } else if (body.path("ruleId").isTextual()) {
            String id = body.get("ruleId").textValue();
            Optional<JsonNode> def = tx(c -> {
                JdbcRuleRepository repo = new JdbcRuleRepository(c);
                Optional<JdbcRuleRepository.RuleSummary> s = repo.get(id);
                if (s.isEmpty()) return Optional.empty();
                int v = body.path("version").canConvertToInt() ? body.get("version").intValue() : s.get().latestVersion();
                return repo.version(id, v).map(JdbcRuleRepository.RuleVersion::definition);
            });
            if (def.isEmpty()) throw notFound(id);
            RuleParser.Parsed p = parser.parse(def.get());
            if (!p.ok()) throw new ApiError(400, "invalid_rule", "the stored rule is invalid", p.problems());
            rules.add(p.rule());
        } else {
            problems.add(new Problem("rule", "missing", "give a rule definition (rule), several (rules) or the id of a stored rule (ruleId)"));
        }
        List<Event> events = DryRunEvents.parse(body.path("events"), problems);
        Instant endAt = null;
        if (body.hasNonNull("endAt")) {
            try {
                endAt = Instant.parse(body.get("endAt").asText());
            } catch (DateTimeParseException e) {
                problems.add(new Problem("endAt", "invalid_time", "endAt must be an ISO-8601 instant such as 2026-11-23T12:00:00Z"));
            }
        }
        PersonContext person = DryRunEvents.person(body.path("person"), problems);
        if (!problems.isEmpty()) throw new ApiError(400, "invalid_dry_run", problems.size() + " problem(s)", problems);

        RuleSet ruleSet = RuleSet.of(rules);
        DryRun.Report report = new DryRun(engine).run(ruleSet, person, events, endAt);
        // "settle": run on until no timer is pending, so absences and windows close without a typed end time
        boolean settle = body.path("settle").asBoolean(false);
        for (int round = 0; settle && !report.pendingTimers().isEmpty() && round < SETTLE_ROUNDS; round++) {
            Instant last = endAt;
            for (RuleTimer t : report.pendingTimers()) if (last == null || t.dueAt().isAfter(last)) last = t.dueAt();
            endAt = last;
            report = new DryRun(engine).run(ruleSet, person, events, endAt);
        }
        ObjectNode out = JSON.createObjectNode();
        Instant endedAt = endAt;
        for (Event e : events) if (endedAt == null || e.receivedAt().isAfter(endedAt)) endedAt = e.receivedAt();
        out.put("endedAt", endedAt == null ? null : endedAt.toString());
        out.set("notes", notes(report, events, endedAt));
        ArrayNode fires = out.putArray("fires");
        for (DryRun.Fire f : report.fires()) {
            ObjectNode o = fires.addObject();
            o.put("at", f.at().toString());
            o.put("ruleId", f.action().ruleId());
            o.put("version", f.action().version());
            o.put("instanceId", f.action().instanceId());
            if (f.action().externalEventId() != null) o.put("externalEventId", f.action().externalEventId());
            if (f.action().externalEventName() != null) o.put("externalEvent", f.action().externalEventName());
            o.set("payload", f.action().payload());
        }
        ArrayNode trace = out.putArray("trace");
        for (Trace t : report.trace()) {
            ObjectNode o = trace.addObject();
            o.put("at", t.at().toString());
            o.put("ruleId", t.ruleId());
            o.put("version", t.version());
            if (t.instanceId() != null) o.put("instanceId", t.instanceId());
            o.put("kind", t.kind().name());
            o.put("detail", t.detail());
        }
        ArrayNode live = out.putArray("liveInstances");
        for (io.emarsysdest.core.rules.RuleInstance i : report.finalState().instances()) {
            live.addObject().put("ruleId", i.ruleId()).put("version", i.version()).put("instanceId", i.instanceId())
                    .put("key", i.key()).put("step", i.stepIndex()).put("counted", i.counted().size())
                    .put("deadline", i.deadline().toString());
        }
        ArrayNode pending = out.putArray("pendingTimers");
        for (RuleTimer t : report.pendingTimers()) {
            pending.addObject().put("ruleId", t.ruleId()).put("instanceId", t.instanceId())
                    .put("deadline", t.deadline().toString()).put("dueAt", t.dueAt().toString());
        }
        return out;
    }

    private static final int SETTLE_ROUNDS = 50;

    /** {@code ?version=n} of a publish: null when absent; 400 invalid_query naming the parameter unless a whole number ≥ 1. */
    private static Integer expectedVersion(Context ctx) {
        String raw = ctx.queryParam("version");
        if (raw == null || raw.isBlank()) return null;
        try {
            int n = Integer.parseInt(raw.trim());
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiError(400, "invalid_query", "version must be a whole number from 1, got '" + raw + "'",
                List.of(new Problem("version", "not_a_version", "version must be a whole number from 1, got '" + raw + "'")));
    }

    /** Why a dry run shows fewer fires than expected, so that zero results are never silent. */
    private static ArrayNode notes(DryRun.Report report, List<Event> events, Instant endedAt) {
        ArrayNode notes = JSON.createArrayNode();
        if (events.isEmpty()) notes.add("no events: nothing can enter a rule");
        if (!report.pendingTimers().isEmpty()) {
            Instant first = report.pendingTimers().stream().map(RuleTimer::dueAt).min(Instant::compareTo).orElseThrow();
            notes.add(report.pendingTimers().size() + " timer(s) still pending when the run ended at " + endedAt + ": the first is due at "
                    + first + " (its deadline plus the rule's grace); run until after it (settle) to see what it does");
        }
        long notEntered = report.trace().stream().filter(t -> t.kind() == Trace.Kind.NOT_ENTERED).count();
        if (notEntered > 0) notes.add(notEntered + " entry event(s) did not start an instance: see NOT_ENTERED in the trace for why");
        if (report.fires().isEmpty() && report.trace().stream().noneMatch(t -> t.kind() == Trace.Kind.ENTERED) && !events.isEmpty()) {
            notes.add("no event matched the rule's entry (type, name and conditions)");
        }
        return notes;
    }

    private static ObjectNode stats(JdbcRuleStats.Stats s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("entered", s.entered());
        o.put("fired", s.fired());
        o.put("exited", s.exited());
        o.put("expired", s.expired());
        o.put("cancelled", s.cancelled());
        o.put("live", s.live());
        o.put("lastEntered", s.lastEntered() == null ? null : s.lastEntered().toString());
        o.put("lastFired", s.lastFired() == null ? null : s.lastFired().toString());
        return o;
    }

    private RuleDefinition validate(JsonNode json, String under) {
        RuleParser.Parsed p = parser.parse(json);
        if (!p.ok()) {
            List<Problem> problems = new ArrayList<>();
            for (Problem x : p.problems()) problems.add(x.under(under));
            throw new ApiError(400, "invalid_rule", problems.size() + " problem(s) in the rule", problems);
        }
        return p.rule();
    }

    private static ObjectNode summary(JdbcRuleRepository.RuleSummary s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", s.ruleId());
        o.put("name", s.name());
        o.put("status", s.status());
        if (s.activeVersion() != null) o.put("activeVersion", s.activeVersion());
        else o.putNull("activeVersion");
        o.put("latestVersion", s.latestVersion());
        o.put("hasDraft", s.hasDraft());
        o.put("updatedAt", s.updatedAt().toString());
        return o;
    }

    private static ObjectNode version(JdbcRuleRepository.RuleVersion v) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", v.ruleId());
        o.put("version", v.version());
        o.put("status", v.status());
        o.put("createdAt", v.createdAt().toString());
        if (v.publishedAt() != null) o.put("publishedAt", v.publishedAt().toString());
        o.set("definition", v.definition());
        return o;
    }

    private static JsonNode body(Context ctx) {
        try {
            return JSON.readTree(ctx.body());
        } catch (Exception e) {
            throw new ApiError(400, "invalid_json", "the body is not valid JSON: " + e.getMessage(), List.of());
        }
    }

    private static int intParam(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new ApiError(400, "invalid_version", "version must be a number", List.of());
        }
    }

    private static ApiError notFound(String id) {
        return new ApiError(404, "not_found", "no rule '" + id + "'", List.of());
    }

    /** An error answer, written in the one documented shape (JsonAnswers: success, error, message, problems). */
    static final class ApiError extends RuntimeException {
        final int status;
        final String code;
        final List<Problem> problems;

        ApiError(int status, String code, String message, List<Problem> problems) {
            super(message);
            this.status = status;
            this.code = code;
            this.problems = problems;
        }
    }

    private interface Work {
        JsonNode run() throws Exception;
    }

    private static void handle(Context ctx, Work work) {
        try {
            ctx.status(200).contentType("application/json").result(work.run().toString());
        } catch (ApiError e) {
            io.emarsysdest.server.http.JsonAnswers.error(ctx, e.status, e.code, e.getMessage(), e.problems);
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(RulesApi.class).error("rules API failed on {} {}", ctx.method(), ctx.path(), e);
            io.emarsysdest.server.http.JsonAnswers.error(ctx, 500, "internal_error", "unexpected error: " + e.getMessage());
        }
    }

    private <T> T tx(io.emarsysdest.store.Transactions.Work<T> work) throws SQLException {
        return io.emarsysdest.store.Transactions.inTransaction(db, work);
    }
}
