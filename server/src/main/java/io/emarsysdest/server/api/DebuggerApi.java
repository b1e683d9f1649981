package io.emarsysdest.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.server.debugger.EventTrace;
import io.emarsysdest.server.debugger.EventTraces;
import io.emarsysdest.server.debugger.RequestTrace;
import io.emarsysdest.server.debugger.TraceJson;
import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.server.http.JsonAnswers;
import io.emarsysdest.server.http.QueryParams;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * The live debugger over HTTP: what the service did with the latest events (kept in memory, the newest
 * {@link EventTraces#capacity()}), and the Emarsys requests their items went out in.
 * <ul>
 *   <li>{@code GET /api/debugger/events?type=&event=&person=&after=&limit=}: newest first</li>
 *   <li>{@code GET /api/debugger/events/{messageId}}: the event, its person, fields, list changes, rule steps, and
 *       the requests with their bodies and replies</li>
 * </ul>
 */
public final class DebuggerApi {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final Set<String> TYPES = Set.of("identify", "track", "page", "screen", "group", "alias", "timer");

    private final EventTraces traces;
    private final TraceJson view;
    private final LongFunction<Optional<Event>> storedEvent;
    private final ObjectMapper json;

    public DebuggerApi(EventTraces traces, TraceJson view, LongFunction<Optional<Event>> storedEvent, ObjectMapper json) {
        this.traces = traces;
        this.view = view;
        this.storedEvent = storedEvent;
        this.json = json;
    }

    public void register(Javalin app) {
        app.get("/api/debugger/events", this::list);
        app.get("/api/debugger/events/{messageId}", this::show);
    }

    private void list(Context ctx) {
        String type = ctx.queryParam("type");
        if (type != null && !type.isBlank() && !TYPES.contains(type.trim().toLowerCase(java.util.Locale.ROOT))) {
            String message = "type must be one of " + String.join(", ", new java.util.TreeSet<>(TYPES)) + ", got '" + type + "'";
            JsonAnswers.error(ctx, 400, "invalid_query", message, List.of(new Problem("type", "unknown_type", message)));
            return;
        }
        Integer limit = QueryParams.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        if (limit == null) return;
        Long after = null;
        String afterText = ctx.queryParam("after");
        if (afterText != null && !afterText.isBlank()) {
            try {
                after = Long.parseLong(afterText.trim());
            } catch (NumberFormatException e) {
                String message = "after is a log offset (a whole number), got '" + afterText + "'";
                JsonAnswers.error(ctx, 400, "invalid_query", message, List.of(new Problem("after", "not_a_number", message)));
                return;
            }
        }
        List<EventTrace> found = traces.newest(new EventTraces.Filter(type, ctx.queryParam("event"), ctx.queryParam("person"), after),
                limit);
        Map<String, List<RequestTrace>> sent = view.requestsFor(found);
        ObjectNode body = json.createObjectNode();
        body.put("kept", traces.size()).put("capacity", traces.capacity());
        ArrayNode events = body.putArray("events");
        for (EventTrace t : found) events.add(view.summary(t, sent));
        JsonAnswers.send(ctx, 200, body);
    }

    private void show(Context ctx) {
        String id = ctx.pathParam("messageId");
        Optional<EventTrace> t = traces.byMessageId(id);
        if (t.isEmpty()) {
            JsonAnswers.error(ctx, 404, "not_found", "no trace of messageId '" + id + "': the debugger keeps the latest "
                    + traces.capacity() + " events processed since the service started");
            return;
        }
        JsonNode body = t.get().type() == null ? null : storedEvent.apply(t.get().offset()).map(e -> (JsonNode) e.body()).orElse(null);
        JsonAnswers.send(ctx, 200, view.detail(t.get(), body));
    }
}
