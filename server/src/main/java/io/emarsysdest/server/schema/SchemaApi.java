package io.emarsysdest.server.schema;

import io.emarsysdest.core.event.EventType;
import io.emarsysdest.server.http.JsonAnswers;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What recent traffic contains (the {@link TrafficCatalogue}), for the console's pickers:
 * <pre>
 * GET /api/schema/events[?type=track]                 event types and names with counts, first and last seen
 * GET /api/schema/paths[?type=track][&amp;event=Order Completed]   paths with how often seen, kinds, example values
 * </pre>
 */
public final class SchemaApi {
    private final TrafficCatalogue catalogue;

    public SchemaApi(TrafficCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    public void register(Javalin app) {
        app.get("/api/schema/events", ctx -> {
            if (badType(ctx)) return;
            String type = type(ctx);
            List<Map<String, Object>> events = new ArrayList<>();
            for (TrafficCatalogue.EventInfo e : catalogue.events(type)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", e.type());
                m.put("name", e.name());
                m.put("count", e.count());
                m.put("sampled", e.sampled());
                m.put("firstSeen", e.firstSeen() == null ? null : e.firstSeen().toString());
                m.put("lastSeen", e.lastSeen() == null ? null : e.lastSeen().toString());
                m.put("paths", e.paths());
                events.add(m);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("events", events);
            body.put("evicted", catalogue.evicted());
            body.put("limits", catalogue.limits());
            JsonAnswers.send(ctx, 200, body);
        });
        app.get("/api/schema/paths", ctx -> {
            if (badType(ctx)) return;
            String type = type(ctx);
            String event = ctx.queryParam("event");
            if (event != null && event.isEmpty()) event = null;
            List<Map<String, Object>> paths = new ArrayList<>();
            for (TrafficCatalogue.PathInfo p : catalogue.paths(type, event)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("path", p.path());
                m.put("seen", p.seen());
                m.put("sampled", p.sampled());
                m.put("kinds", p.kinds());
                m.put("examples", p.examples());
                paths.add(m);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", type);
            body.put("event", event);
            body.put("paths", paths);
            JsonAnswers.send(ctx, 200, body);
        });
    }

    /** The type filter, or null for any. */
    private static String type(Context ctx) {
        String t = ctx.queryParam("type");
        return t == null || t.isEmpty() ? null : t;
    }

    /** Answers 400 naming the parameter when the type is not one of the six. */
    private static boolean badType(Context ctx) {
        String t = type(ctx);
        if (t == null || EventType.fromWire(t).isPresent()) return false;
        JsonAnswers.error(ctx, 400, "invalid_query", "type must be one of identify, track, page, screen, group, alias; got '" + t + "'",
                List.of(new io.emarsysdest.core.validation.Problem("type", "unknown_type", "no event type '" + t + "'")));
        return true;
    }
}
