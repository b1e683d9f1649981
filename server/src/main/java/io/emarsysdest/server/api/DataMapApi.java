package io.emarsysdest.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.datamap.AudienceListMapping;
import io.emarsysdest.core.datamap.AudienceSync;
import io.emarsysdest.core.datamap.ContactOperation;
import io.emarsysdest.core.datamap.DataMap;
import io.emarsysdest.core.datamap.DataMapBundle;
import io.emarsysdest.core.datamap.DataMapCompiler;
import io.emarsysdest.core.datamap.DataMapJson;
import io.emarsysdest.core.datamap.DataMapVersion;
import io.emarsysdest.core.datamap.DefaultDataMap;
import io.emarsysdest.core.datamap.Field;
import io.emarsysdest.core.datamap.ListChange;
import io.emarsysdest.core.datamap.MapResult;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.core.validation.ValidationException;
import io.emarsysdest.server.datamap.DataMapService;
import io.emarsysdest.server.datamap.PreviewEvents;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * HTTP API for data maps and audience → list mappings. All bodies are JSON; errors are
 * {@code {"error":"<code>","message":"…","problems":[{path,code,message}]}}.
 * <pre>
 * GET    /api/datamaps                               maps with running and latest version
 * GET    /api/datamaps/fields                        the account's field catalog
 * GET    /api/datamaps/export                        bundle {maps, audiences}
 * POST   /api/datamaps/import?publish=true|false     bundle → stored versions (400 with every problem)
 * POST   /api/datamaps/validate                      map → {valid, problems}
 * POST   /api/datamaps/preview                       {event, personTraits?, keyValue?} → what all running maps and audiences produce
 * GET    /api/datamaps/{id}                          running (else latest) definition, or the built-in default
 * PUT    /api/datamaps/{id}                          save as draft (400 with every problem)
 * GET    /api/datamaps/{id}/versions                 history
 * GET    /api/datamaps/{id}/versions/{version}       one version
 * POST   /api/datamaps/{id}/versions/{version}/publish
 * POST   /api/datamaps/{id}/unpublish
 * POST   /api/datamaps/{id}/preview?version=N        {event, personTraits?, keyValue?} → what this map alone produces
 * GET    /api/audiences                              audience → list mappings
 * GET    /api/audiences/{key}
 * PUT    /api/audiences/{key}                        {list: "555" | {id} | {name} | null, enabled}
 * DELETE /api/audiences/{key}
 * </pre>
 */
public final class DataMapApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataMapService service;
    private final ListIds listIds;

    /** The ids of the Emarsys account's contact lists, to check mappings by list id against (issue 17). */
    @FunctionalInterface
    public interface ListIds {
        java.util.Set<String> ids() throws Exception;
    }

    /** Without a way to read the account's lists: list ids are only checked to be numbers. */
    public DataMapApi(DataMapService service) {
        this(service, null);
    }

    public DataMapApi(DataMapService service, ListIds listIds) {
        this.service = service;
        this.listIds = listIds;
    }

    public void register(Javalin app) {
        // fixed paths before {id} so "export" is never read as a map id
        app.get("/api/datamaps", ctx -> handle(ctx, () -> list()));
        app.get("/api/datamaps/fields", ctx -> handle(ctx, () -> fields()));
        app.get("/api/datamaps/export", ctx -> handle(ctx, () -> service.inTransaction(v -> v.export().write(), false)));
        app.post("/api/datamaps/import", ctx -> handle(ctx, () -> importBundle(body(ctx), !"false".equals(ctx.queryParam("publish")))));
        app.post("/api/datamaps/validate", ctx -> handle(ctx, () -> validate(body(ctx))));
        app.post("/api/datamaps/preview", ctx -> handle(ctx, () -> previewRunning(body(ctx))));
        app.get("/api/datamaps/{id}", ctx -> handle(ctx, () -> get(ctx.pathParam("id"))));
        app.put("/api/datamaps/{id}", ctx -> handle(ctx, () -> save(ctx.pathParam("id"), body(ctx))));
        app.get("/api/datamaps/{id}/versions", ctx -> handle(ctx, () -> history(ctx.pathParam("id"))));
        app.get("/api/datamaps/{id}/versions/{version}", ctx -> handle(ctx, () -> version(ctx.pathParam("id"), number(ctx.pathParam("version")))));
        app.post("/api/datamaps/{id}/versions/{version}/publish", ctx -> handle(ctx, () -> publish(ctx.pathParam("id"), number(ctx.pathParam("version")))));
        app.post("/api/datamaps/{id}/unpublish", ctx -> handle(ctx, () -> unpublish(ctx.pathParam("id"))));
        app.post("/api/datamaps/{id}/preview", ctx -> handle(ctx, () -> previewOne(ctx.pathParam("id"),
                ctx.queryParam("version") == null ? null : number(ctx.queryParam("version")), body(ctx))));

        app.get("/api/audiences", ctx -> handle(ctx, () -> audiences()));
        app.get("/api/audiences/{key}", ctx -> handle(ctx, () -> audience(ctx.pathParam("key"))));
        app.put("/api/audiences/{key}", ctx -> handle(ctx, () -> putAudience(ctx.pathParam("key"), body(ctx))));
        app.delete("/api/audiences/{key}", ctx -> handle(ctx, () -> deleteAudience(ctx.pathParam("key"))));
    }

    // ---- maps

    private JsonNode list() {
        return service.inTransaction(v -> {
            ArrayNode out = JSON.createArrayNode();
            for (String id : v.mapIds()) {
                List<DataMapVersion> history = v.history(id);
                DataMap map = v.find(id, null).orElseThrow();
                ObjectNode o = out.addObject().put("id", id).put("name", map.name()).put("enabled", map.enabled());
                o.put("builtIn", history.isEmpty());
                Optional<DataMapVersion> running = history.stream().filter(DataMapVersion::current).findFirst();
                if (running.isPresent()) o.put("runningVersion", running.get().version());
                else if (id.equals(DefaultDataMap.ID)) o.put("runningVersion", "built-in"); // until a "default" is published
                else o.putNull("runningVersion");
                if (history.isEmpty()) o.putNull("latestVersion");
                else o.put("latestVersion", history.get(history.size() - 1).version());
            }
            return out;
        }, false);
    }

    private JsonNode fields() {
        ArrayNode out = JSON.createArrayNode();
        for (Field f : service.catalog().all()) {
            ObjectNode o = out.addObject().put("id", f.id()).put("name", f.name()).put("stringId", f.stringId())
                    .put("type", f.type().wire()).put("readOnly", !f.writable());
            if (!f.choices().isEmpty()) {
                ObjectNode c = o.putObject("choices");
                f.choices().forEach(c::put);
            }
        }
        return out;
    }

    private JsonNode get(String id) {
        return service.inTransaction(v -> {
            DataMap map = v.find(id, null).orElseThrow(() -> new NoSuchElementException("no data map " + id));
            ObjectNode o = JSON.createObjectNode();
            o.put("id", id);
            List<DataMapVersion> history = v.history(id);
            Optional<DataMapVersion> running = history.stream().filter(DataMapVersion::current).findFirst();
            o.set("running", running.map(DataMapApi::summary).orElse(null));
            o.set("latest", history.isEmpty() ? null : summary(history.get(history.size() - 1)));
            o.put("builtIn", history.isEmpty());
            o.set("definition", DataMapJson.write(map));
            return o;
        }, false);
    }

    private JsonNode save(String id, JsonNode body) {
        if (!body.isObject()) throw invalid("", "not_an_object", "a data map must be a JSON object");
        ObjectNode map = ((ObjectNode) body).deepCopy();
        if (!map.has("id")) map.put("id", id);
        if (!id.equals(map.path("id").asText())) {
            throw invalid("id", "id_mismatch", "the map's id '" + map.path("id").asText() + "' differs from the path's '" + id + "'");
        }
        return version(service.inTransaction(v -> v.saveDraft(map, service.clock().instant()), false));
    }

    private JsonNode validate(JsonNode body) {
        List<Problem> problems = DataMapCompiler.validate(body, service.catalog());
        ObjectNode o = JSON.createObjectNode().put("valid", problems.isEmpty());
        o.set("problems", problems(problems));
        return o;
    }

    private JsonNode history(String id) {
        return service.inTransaction(v -> {
            List<DataMapVersion> history = v.history(id);
            if (history.isEmpty() && v.find(id, null).isEmpty()) throw new NoSuchElementException("no data map " + id);
            ArrayNode out = JSON.createArrayNode();
            for (DataMapVersion h : history) out.add(version(h));
            return out;
        }, false);
    }

    private JsonNode version(String id, int version) {
        return service.inTransaction(v -> v.history(id).stream().filter(h -> h.version() == version).findFirst()
                .map(DataMapApi::version)
                .orElseThrow(() -> new NoSuchElementException("data map " + id + " has no version " + version)), false);
    }

    private JsonNode publish(String id, int version) {
        return version(service.inTransaction(v -> v.publish(id, version, service.clock().instant()), true));
    }

    private JsonNode unpublish(String id) {
        service.inTransaction(v -> {
            v.unpublish(id, service.clock().instant());
            return null;
        }, true);
        return JSON.createObjectNode().put("id", id).putNull("runningVersion");
    }

    private JsonNode importBundle(JsonNode body, boolean publish) {
        List<DataMapVersion> stored = service.inTransaction(v -> v.importBundle(body, publish, service.clock().instant()), true);
        ArrayNode out = JSON.createArrayNode();
        for (DataMapVersion s : stored) out.add(summary(s));
        return JSON.createObjectNode().set("stored", out);
    }

    // ---- previews

    private JsonNode previewRunning(JsonNode body) {
        Preview p = preview(body);
        if (body.path("map").isObject()) return previewDefinition(body.get("map"), p);
        return result(service.current().evaluate(p.event, p.personTraits, p.keyValue));
    }

    /** {"map": {…}, "event": …}: what a map not saved yet (the editor's) alone produces; 400 with its problems when invalid. */
    private JsonNode previewDefinition(JsonNode json, Preview p) {
        List<Problem> problems = DataMapCompiler.validate(json, service.catalog());
        if (!problems.isEmpty()) {
            List<Problem> under = new ArrayList<>();
            for (Problem x : problems) under.add(x.under("map"));
            throw new ValidationException("the map has " + problems.size() + " problem(s)", under);
        }
        DataMap map = DataMapJson.parse(json).map();
        return service.inTransaction(v -> {
            ObjectNode o = result(v.preview(map, p.event, p.personTraits, p.keyValue));
            ArrayNode audiences = o.putArray("audiences");
            for (ListChange c : service.current().audiences().changes(p.event)) audiences.add(listChange(c));
            return o;
        }, false);
    }

    private JsonNode previewOne(String id, Integer version, JsonNode body) {
        Preview p = preview(body);
        return service.inTransaction(v -> {
            DataMap map = v.find(id, version).orElseThrow(() -> new NoSuchElementException(
                    version == null ? "no data map " + id : "data map " + id + " has no version " + version));
            ObjectNode o = result(v.preview(map, p.event, p.personTraits, p.keyValue));
            // audiences are not part of a map, but show them so a preview tells the whole story
            ArrayNode audiences = o.putArray("audiences");
            AudienceSync sync = service.current().audiences();
            for (ListChange c : sync.changes(p.event)) audiences.add(listChange(c));
            return o;
        }, false);
    }

    private record Preview(Event event, ObjectNode personTraits, String keyValue) {
    }

    private Preview preview(JsonNode body) {
        if (!body.isObject()) throw invalid("", "not_an_object", "expected {\"event\":{…},\"personTraits\":{…},\"keyValue\":\"…\"}");
        // {"event":{…},…} or a bare event; a bare track has "event" too, but as its name (text)
        boolean wrapped = body.path("event").isObject();
        JsonNode event = wrapped ? body.get("event") : body;
        JsonNode traits = wrapped ? body.get("personTraits") : null;
        if (traits != null && !traits.isNull() && !traits.isObject()) throw invalid("personTraits", "not_an_object", "personTraits must be an object");
        String key = wrapped && body.path("keyValue").isTextual() ? body.get("keyValue").textValue() : null;
        return new Preview(PreviewEvents.from(event, service.clock().instant()),
                traits instanceof ObjectNode t ? t : null, key);
    }

    static ObjectNode result(MapResult r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("keyField", r.keyField());
        o.put("keyValue", r.keyValue());
        o.put("contactUpdate", r.hasContactUpdate());
        o.set("fields", r.fields());
        ArrayNode lists = o.putArray("lists");
        for (ListChange c : r.lists()) lists.add(listChange(c));
        ArrayNode ops = o.putArray("operations");
        for (ContactOperation op : r.operations()) {
            ObjectNode j = ops.addObject().put("op", op.op().name()).put("keyField", op.keyField()).put("keyValue", op.keyValue());
            if (op.target() != null) j.put("target", op.target());
            if (op.payload() != null) j.set("payload", op.payload());
        }
        o.set("warnings", problems(r.warnings()));
        return o;
    }

    private static ObjectNode listChange(ListChange c) {
        return JSON.createObjectNode().put("target", c.target().toTarget()).put("action", c.add() ? "add" : "remove")
                .put("origin", c.origin());
    }

    // ---- audiences

    private JsonNode audiences() {
        return service.inTransaction(v -> {
            ArrayNode out = JSON.createArrayNode();
            for (AudienceListMapping m : v.audienceMappings()) out.add(DataMapBundle.writeAudience(m));
            return out;
        }, false);
    }

    private JsonNode audience(String key) {
        return service.inTransaction(v -> v.audienceMappings().stream().filter(a -> a.audienceKey().equals(key)).findFirst()
                .map(DataMapBundle::writeAudience)
                .orElseThrow(() -> new NoSuchElementException("no mapping for audience " + key)), false);
    }

    private JsonNode putAudience(String key, JsonNode body) {
        if (!body.isObject()) throw invalid("", "not_an_object", "expected {\"list\":{\"id\":\"555\"},\"enabled\":true}");
        ObjectNode b = ((ObjectNode) body).deepCopy();
        if (!b.has("audienceKey")) b.put("audienceKey", key);
        if (!key.equals(b.path("audienceKey").asText())) throw invalid("audienceKey", "key_mismatch", "audienceKey differs from the path");
        List<Problem> problems = new ArrayList<>();
        AudienceListMapping m = DataMapBundle.parseAudience(b, problems, "");
        if (!problems.isEmpty()) throw new ValidationException("audience mapping", problems);
        Optional<String> unchecked = checkListExists(m);
        service.inTransaction(v -> {
            v.putAudienceMapping(m, service.clock().instant());
            return null;
        }, true);
        ObjectNode out = DataMapBundle.writeAudience(m);
        unchecked.ifPresent(w -> out.putArray("warnings").addObject().put("path", "list.id").put("code", "list_not_checked").put("message", w));
        return out;
    }

    /**
     * A list id the account does not have would fail every delivery of the audience (Emarsys 3004), so it is refused
     * now. When Emarsys cannot be asked, the mapping is stored and the answer says it was not checked.
     */
    private Optional<String> checkListExists(AudienceListMapping m) {
        if (listIds == null || !(m.list() instanceof io.emarsysdest.core.datamap.ListTarget.ById byId)) return Optional.empty();
        java.util.Set<String> ids;
        try {
            ids = listIds.ids();
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return Optional.of("list " + byId.listId() + " could not be checked against Emarsys (" + e.getMessage() + "); the mapping is stored as given");
        }
        if (!ids.contains(byId.listId())) {
            throw invalid("list.id", "unknown_list", "the Emarsys account has no contact list with id " + byId.listId()
                    + " (" + ids.size() + " list(s) there); map the audience by list name to have the list created");
        }
        return Optional.empty();
    }

    private JsonNode deleteAudience(String key) {
        boolean deleted = service.inTransaction(v -> v.deleteAudienceMapping(key), true);
        if (!deleted) throw new NoSuchElementException("no mapping for audience " + key);
        return JSON.createObjectNode().put("deleted", key);
    }

    // ---- plumbing

    private static ObjectNode summary(DataMapVersion v) {
        ObjectNode o = JSON.createObjectNode();
        o.put("mapId", v.mapId());
        o.put("version", v.version());
        o.put("status", v.status().wire());
        o.put("current", v.current());
        o.put("createdAt", v.createdAt() == null ? null : v.createdAt().toString());
        o.put("updatedAt", v.updatedAt() == null ? null : v.updatedAt().toString());
        o.put("publishedAt", v.publishedAt() == null ? null : v.publishedAt().toString());
        return o;
    }

    private static ObjectNode version(DataMapVersion v) {
        ObjectNode o = summary(v);
        o.set("definition", v.definition());
        return o;
    }

    private static ArrayNode problems(List<Problem> problems) {
        ArrayNode a = JSON.createArrayNode();
        for (Problem p : problems) a.addObject().put("path", p.path()).put("code", p.code()).put("message", p.message());
        return a;
    }

    private static ValidationException invalid(String path, String code, String message) {
        return new ValidationException("request", List.of(new Problem(path, code, message)));
    }

    private static int number(String s) {
        int n;
        try {
            n = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw invalid("version", "not_a_number", "version must be a whole number, got '" + s + "'");
        }
        if (n < 1) throw invalid("version", "out_of_range", "version must be 1 or more, got " + n);
        return n;
    }

    private static JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text == null || text.isBlank()) throw invalid("", "empty_body", "a JSON body is required");
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ValidationException("request", List.of(new Problem("", "invalid_json", "body is not valid JSON: " + e.getOriginalMessage())));
        }
    }

    @FunctionalInterface
    private interface Work {
        JsonNode run();
    }

    private static void handle(Context ctx, Work work) {
        try {
            send(ctx, 200, work.run());
        } catch (ValidationException e) {
            String code = e.problems().size() == 1 && e.problems().get(0).code().equals("invalid_json") ? "invalid_json" : "invalid";
            send(ctx, 400, error(code, e.getMessage(), e.problems()));
        } catch (NoSuchElementException e) {
            send(ctx, 404, error("not_found", e.getMessage(), List.of()));
        } catch (IllegalArgumentException e) {
            send(ctx, 400, error("bad_request", e.getMessage(), List.of()));
        }
    }

    private static ObjectNode error(String code, String message, List<Problem> problems) {
        ObjectNode o = JSON.createObjectNode().put("success", false).put("error", code).put("message", message);
        o.set("problems", problems(problems));
        return o;
    }

    private static void send(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(body.toString());
    }
}
