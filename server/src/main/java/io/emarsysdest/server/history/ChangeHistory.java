package io.emarsysdest.server.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.datamap.AudienceListMapping;
import io.emarsysdest.core.datamap.DataMapBundle;
import io.emarsysdest.core.datamap.DataMapJson;
import io.emarsysdest.core.datamap.DataMapVersion;
import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.server.api.RulesApi;
import io.emarsysdest.server.datamap.DataMapService;
import io.emarsysdest.server.http.Json;
import io.emarsysdest.server.http.JsonAnswers;
import io.emarsysdest.store.Transactions;
import io.emarsysdest.store.history.JdbcChangeHistory;
import io.emarsysdest.store.rules.JdbcRuleRepository;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import javax.sql.DataSource;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who changed which data map, rule or audience mapping, when, and how it was before and after; rollback from there.
 * Each tracked change route is wrapped: its object's state is read before the route runs and again after it
 * answered 2xx, and the pair is stored (nothing is stored when the state did not change).
 * <pre>
 * GET  /api/history[?kind=datamap|rule|audience][&amp;id=…][&amp;limit=50]   the newest changes first
 * POST /api/history/{change}/rollback                                   puts the object back as it was before that change
 * </pre>
 * A data map's state is what runs (running version) and its newest definition; rolling back publishes the version
 * that ran before (or unpublishes). A rule's state is its status and newest definition; rolling back saves that
 * definition again when it differs and publishes or stops the rule as it was. An audience mapping is put back or
 * deleted. The actor is "admin key", with the {@code X-Actor} header's name when a caller sends one, and the client.
 */
public final class ChangeHistory {
    private static final String BEFORE = "emd.history.before";

    private final DataSource db;
    private final DataMapService dataMaps;
    private final RulesApi rules;
    private final InstantSource clock;

    public ChangeHistory(DataSource db, DataMapService dataMaps, RulesApi rules, InstantSource clock) {
        this.db = db;
        this.dataMaps = dataMaps;
        this.rules = rules;
        this.clock = clock;
    }

    private record Tracked(HandlerType method, String path, String kind, String action, String idParam) {
    }

    private static final List<Tracked> TRACKED = List.of(
            new Tracked(HandlerType.PUT, "/api/datamaps/{id}", "datamap", "save", "id"),
            new Tracked(HandlerType.POST, "/api/datamaps/{id}/versions/{version}/publish", "datamap", "publish", "id"),
            new Tracked(HandlerType.POST, "/api/datamaps/{id}/unpublish", "datamap", "unpublish", "id"),
            new Tracked(HandlerType.PUT, "/api/rules/{id}", "rule", "save", "id"),
            new Tracked(HandlerType.POST, "/api/rules/{id}/publish", "rule", "publish", "id"),
            new Tracked(HandlerType.POST, "/api/rules/{id}/deactivate", "rule", "deactivate", "id"),
            new Tracked(HandlerType.PUT, "/api/audiences/{key}", "audience", "save", "key"),
            new Tracked(HandlerType.DELETE, "/api/audiences/{key}", "audience", "delete", "key"));

    /** Call before the tracked routes are registered, so the snapshots wrap them. */
    public void register(Javalin app) {
        for (Tracked t : TRACKED) {
            app.before(t.path(), ctx -> {
                if (ctx.method() == t.method()) ctx.attribute(BEFORE, Optional.ofNullable(snapshot(t.kind(), ctx.pathParam(t.idParam()))));
            });
            app.after(t.path(), ctx -> {
                Optional<JsonNode> before = ctx.attribute(BEFORE);
                if (ctx.method() != t.method() || before == null || ctx.statusCode() / 100 != 2) return;
                String id = ctx.pathParam(t.idParam());
                record(t.kind(), id, t.action(), actor(ctx), before.orElse(null), snapshot(t.kind(), id));
            });
        }
        app.get("/api/history", ctx -> {
            String kind = ctx.queryParam("kind");
            if (kind != null && !List.of("datamap", "rule", "audience").contains(kind)) {
                JsonAnswers.error(ctx, 400, "invalid_query", "kind must be datamap, rule or audience",
                        List.of(new Problem("kind", "unknown_kind", "no kind '" + kind + "'")));
                return;
            }
            Integer limit = io.emarsysdest.server.http.QueryParams.intParam(ctx, "limit", 50, 1, 500);
            if (limit == null) return;
            String id = ctx.queryParam("id");
            List<Map<String, Object>> out = new ArrayList<>();
            for (JdbcChangeHistory.Change c : Transactions.inTransaction(db, tx -> JdbcChangeHistory.list(tx, kind, id, limit))) out.add(json(c));
            JsonAnswers.send(ctx, 200, Map.of("changes", out));
        });
        app.post("/api/history/{change}/rollback", this::rollback);
    }

    private void rollback(Context ctx) throws Exception {
        long changeId;
        try {
            changeId = Long.parseLong(ctx.pathParam("change"));
        } catch (NumberFormatException e) {
            JsonAnswers.error(ctx, 400, "invalid_path", "the change id must be a number");
            return;
        }
        Optional<JdbcChangeHistory.Change> found = Transactions.inTransaction(db, tx -> JdbcChangeHistory.get(tx, changeId));
        if (found.isEmpty()) {
            JsonAnswers.error(ctx, 404, "not_found", "no change " + changeId);
            return;
        }
        JdbcChangeHistory.Change change = found.get();
        JsonNode before = change.before() == null ? null : Json.MAPPER.readTree(change.before());
        JsonNode now = snapshot(change.kind(), change.objectId());
        try {
            restore(change.kind(), change.objectId(), before);
        } catch (RuntimeException e) {
            JsonAnswers.error(ctx, 400, "rollback_refused", "cannot put " + change.kind() + " " + change.objectId() + " back: " + e.getMessage());
            return;
        }
        JsonNode after = snapshot(change.kind(), change.objectId());
        record(change.kind(), change.objectId(), "rollback of #" + changeId, actor(ctx), now, after);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", change.kind());
        out.put("id", change.objectId());
        out.put("state", after);
        JsonAnswers.send(ctx, 200, out);
    }

    private void restore(String kind, String id, JsonNode before) throws Exception {
        switch (kind) {
            case "datamap" -> dataMaps.inTransaction(v -> {
                Integer running = before == null || before.path("running").isNull() ? null : before.path("running").asInt();
                Optional<DataMapVersion> current = v.running(id);
                if (running == null) {
                    if (current.isPresent()) v.unpublish(id, clock.instant());
                } else if (current.isEmpty() || current.get().version() != running) {
                    v.publish(id, running, clock.instant());
                }
                return null;
            }, true);
            case "rule" -> {
                if (before == null) {
                    Transactions.inTransaction(db, tx -> new JdbcRuleRepository(tx).deactivate(id, clock.instant()));
                    rules.reload();
                } else {
                    rules.restore(id, before.get("definition"), before.path("status").asText());
                }
            }
            case "audience" -> dataMaps.inTransaction(v -> {
                if (before == null) {
                    v.deleteAudienceMapping(id);
                } else {
                    List<Problem> problems = new ArrayList<>();
                    AudienceListMapping m = DataMapBundle.parseAudience(before, problems, "");
                    if (!problems.isEmpty()) throw new IllegalArgumentException(problems.get(0).message());
                    v.putAudienceMapping(m, clock.instant());
                }
                return null;
            }, true);
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        }
    }

    /** The object's state as the history keeps it; null when it does not exist. */
    private JsonNode snapshot(String kind, String id) throws Exception {
        return switch (kind) {
            case "datamap" -> dataMaps.inTransaction(v -> {
                List<DataMapVersion> history = v.history(id);
                if (history.isEmpty()) return null;
                ObjectNode o = Json.MAPPER.createObjectNode();
                Optional<DataMapVersion> running = history.stream().filter(DataMapVersion::current).findFirst();
                if (running.isPresent()) o.put("running", running.get().version());
                else o.putNull("running");
                DataMapVersion latest = history.get(history.size() - 1);
                o.put("latest", latest.version());
                o.set("definition", v.find(id, latest.version()).map(DataMapJson::write).orElse(null));
                return o;
            }, false);
            case "rule" -> Transactions.inTransaction(db, tx -> {
                JdbcRuleRepository repo = new JdbcRuleRepository(tx);
                Optional<JdbcRuleRepository.RuleSummary> s = repo.get(id);
                if (s.isEmpty()) return null;
                ObjectNode o = Json.MAPPER.createObjectNode();
                o.put("status", s.get().status());
                if (s.get().activeVersion() != null) o.put("activeVersion", s.get().activeVersion());
                else o.putNull("activeVersion");
                o.put("latestVersion", s.get().latestVersion());
                o.set("definition", repo.version(id, s.get().latestVersion()).orElseThrow().definition());
                return o;
            });
            case "audience" -> dataMaps.inTransaction(v -> v.audienceMappings().stream().filter(a -> a.audienceKey().equals(id))
                    .findFirst().<JsonNode>map(DataMapBundle::writeAudience).orElse(null), false);
            default -> null;
        };
    }

    private void record(String kind, String id, String action, String actor, JsonNode before, JsonNode after) throws Exception {
        if (java.util.Objects.equals(before, after)) return; // e.g. a save of what was already there
        JdbcChangeHistory.Change c = new JdbcChangeHistory.Change(0, clock.instant(), kind, id, action, actor,
                before == null ? null : before.toString(), after == null ? null : after.toString());
        Transactions.inTransaction(db, tx -> {
            JdbcChangeHistory.record(tx, c);
            return null;
        });
    }

    /** "admin key (console)", "admin key, Jane (curl/8.5.0)": one credential, so a name only when the caller gives one. */
    private static String actor(Context ctx) {
        String name = ctx.header("X-Actor");
        String agent = ctx.userAgent() == null ? "unknown client" : ctx.userAgent().contains("Mozilla") ? "console" : ctx.userAgent().split(" ")[0];
        String who = name == null || name.isBlank() ? "admin key" : "admin key, " + name.strip().substring(0, Math.min(80, name.strip().length()));
        return who + " (" + agent + ")";
    }

    private static Map<String, Object> json(JdbcChangeHistory.Change c) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("at", c.at().toString());
        m.put("kind", c.kind());
        m.put("objectId", c.objectId());
        m.put("action", c.action());
        m.put("actor", c.actor());
        m.put("before", c.before() == null ? null : Json.MAPPER.readTree(c.before()));
        m.put("after", c.after() == null ? null : Json.MAPPER.readTree(c.after()));
        return m;
    }
}
