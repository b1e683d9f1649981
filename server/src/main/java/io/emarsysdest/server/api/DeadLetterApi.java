package io.emarsysdest.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.emarsysdest.core.delivery.DeadLetter;
import io.emarsysdest.core.delivery.DeadLetterFilter;
import io.emarsysdest.core.delivery.DeadLetterPage;
import io.emarsysdest.core.delivery.DeadReason;
import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.core.delivery.OutboxItem;
import io.emarsysdest.core.delivery.OutboxRepository;
import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.server.delivery.DeliveryService;
import io.emarsysdest.server.http.JsonAnswers;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Dead letters and delivery status over HTTP.
 * <pre>
 * GET    /api/dead-letters                 list (filters: reason, code, account, op, contact, person, from, to; offset, limit)
 * GET    /api/dead-letters/{id}            one
 * POST   /api/dead-letters/{id}/replay     back into the queue
 * POST   /api/dead-letters/replay          every match of the filter (query or JSON body; all=true when no filter)
 * DELETE /api/dead-letters/{id}            discard one
 * DELETE /api/dead-letters                 discard every match of the filter (all=true when no filter)
 * GET    /api/delivery/status              queue depth, oldest pending, per-account pauses, recent requests
 * </pre>
 */
public final class DeadLetterApi {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final OutboxRepository outbox;
    private final DeliveryService delivery;
    private final String embeddedSandbox;
    private final InstantSource clock;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public DeadLetterApi(OutboxRepository outbox, DeliveryService delivery, InstantSource clock) {
        this(outbox, delivery, clock, null);
    }

    /**
     * @param embeddedSandbox the embedded Emarsys sandbox's address when delivery goes there (no credentials set), so
     *                        the status can say that nothing reaches a real Emarsys account; null for Emarsys
     */
    public DeadLetterApi(OutboxRepository outbox, DeliveryService delivery, InstantSource clock, String embeddedSandbox) {
        this.outbox = outbox;
        this.delivery = delivery;
        this.clock = clock;
        this.embeddedSandbox = embeddedSandbox;
    }

    public void register(Javalin app) {
        app.get("/api/dead-letters", this::list);
        app.get("/api/dead-letters/{id}", this::one);
        app.post("/api/dead-letters/replay", this::replayMatching);
        app.post("/api/dead-letters/{id}/replay", this::replayOne);
        app.delete("/api/dead-letters", this::discardMatching);
        app.delete("/api/dead-letters/{id}", this::discardOne);
        app.get("/api/delivery/status", ctx -> {
            ObjectNode status = json.valueToTree(delivery.status());
            status.put("embeddedSandbox", embeddedSandbox != null);
            if (embeddedSandbox != null) status.put("sandboxRequests", embeddedSandbox + "sandbox/requests");
            send(ctx, 200, status);
        });
    }

    private void list(Context ctx) {
        List<Problem> problems = new ArrayList<>();
        DeadLetterFilter filter = filter(ctx::queryParam, problems);
        int offset = intParam(ctx.queryParam("offset"), "offset", 0, 0, Integer.MAX_VALUE, problems);
        int limit = intParam(ctx.queryParam("limit"), "limit", DEFAULT_LIMIT, 1, MAX_LIMIT, problems);
        if (!problems.isEmpty()) {
            error(ctx, 400, "invalid_query", "the query has problems", problems);
            return;
        }
        DeadLetterPage page = outbox.deadLetters(filter, offset, limit);
        ObjectNode body = json.createObjectNode();
        ArrayNode items = body.putArray("items");
        page.items().forEach(d -> items.add(toJson(d)));
        body.put("total", page.total());
        body.put("offset", offset);
        body.put("limit", limit);
        send(ctx, 200, body);
    }

    private void one(Context ctx) {
        Long id = id(ctx);
        if (id == null) return;
        outbox.deadLetter(id).ifPresentOrElse(d -> send(ctx, 200, toJson(d)), () -> notFound(ctx, id));
    }

    private void replayOne(Context ctx) {
        Long id = id(ctx);
        if (id == null) return;
        if (!outbox.replay(id, clock.instant())) {
            notFound(ctx, id);
            return;
        }
        delivery.wakeUp();
        send(ctx, 200, json.createObjectNode().put("replayed", 1));
    }

    private void replayMatching(Context ctx) {
        DeadLetterFilter filter = bulkFilter(ctx);
        if (filter == null) return;
        int n = outbox.replay(filter, clock.instant());
        if (n > 0) delivery.wakeUp();
        send(ctx, 200, json.createObjectNode().put("replayed", n));
    }

    private void discardOne(Context ctx) {
        Long id = id(ctx);
        if (id == null) return;
        if (!outbox.discard(id, clock.instant())) {
            notFound(ctx, id);
            return;
        }
        ctx.status(204);
    }

    private void discardMatching(Context ctx) {
        DeadLetterFilter filter = bulkFilter(ctx);
        if (filter == null) return;
        send(ctx, 200, json.createObjectNode().put("discarded", outbox.discard(filter, clock.instant())));
    }

    /** The filter of a bulk action, from a JSON body or the query; an empty filter needs all=true. */
    private DeadLetterFilter bulkFilter(Context ctx) {
        List<Problem> problems = new ArrayList<>();
        Function<String, String> source = ctx::queryParam;
        String body = ctx.body();
        if (!body.isBlank()) {
            try {
                JsonNode node = json.readTree(body);
                if (!node.isObject()) {
                    error(ctx, 400, "invalid_body", "the body must be a JSON object of filters", List.of());
                    return null;
                }
                source = name -> node.hasNonNull(name) ? node.get(name).asText() : null;
            } catch (JsonProcessingException e) {
                error(ctx, 400, "invalid_body", "the body is not valid JSON: " + e.getOriginalMessage(), List.of());
                return null;
            }
        }
        DeadLetterFilter filter = filter(source, problems);
        if (!problems.isEmpty()) {
            error(ctx, 400, "invalid_filter", "the filter has problems", problems);
            return null;
        }
        if (filter.isEmpty() && !"true".equalsIgnoreCase(source.apply("all"))) {
            error(ctx, 400, "filter_required", "give a filter, or all=true to act on every dead letter",
                    List.of(new Problem("all", "filter_required", "no filter given")));
            return null;
        }
        return filter;
    }

    private static DeadLetterFilter filter(Function<String, String> param, List<Problem> problems) {
        DeadReason reason = enumParam(param.apply("reason"), "reason", DeadReason.class, problems);
        Integer code = null;
        String codeText = blankToNull(param.apply("code"));
        if (codeText != null) {
            try {
                code = Integer.parseInt(codeText);
            } catch (NumberFormatException e) {
                problems.add(new Problem("code", "not_a_number", "code must be an Emarsys replyCode number"));
            }
        }
        Operation op = enumParam(param.apply("op"), "op", Operation.class, problems);
        Instant from = instantParam(param.apply("from"), "from", problems);
        Instant to = instantParam(param.apply("to"), "to", problems);
        if (from != null && to != null && !to.isAfter(from)) {
            problems.add(new Problem("to", "empty_range", "to must be after from"));
        }
        return new DeadLetterFilter(reason, code, blankToNull(param.apply("account")), op,
                blankToNull(param.apply("contact")), blankToNull(param.apply("person")), from, to);
    }

    private static <E extends Enum<E>> E enumParam(String raw, String name, Class<E> type, List<Problem> problems) {
        String value = blankToNull(raw);
        if (value == null) return null;
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(name, "unknown_value", name + " must be one of "
                    + java.util.Arrays.toString(type.getEnumConstants())));
            return null;
        }
    }

    private static Instant instantParam(String raw, String name, List<Problem> problems) {
        String value = blankToNull(raw);
        if (value == null) return null;
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(new Problem(name, "not_a_time", name + " must be an ISO 8601 UTC time like 2026-11-23T10:00:00Z"));
            return null;
        }
    }

    private static int intParam(String raw, String name, int fallback, int min, int max, List<Problem> problems) {
        String value = blankToNull(raw);
        if (value == null) return fallback;
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add(new Problem(name, "out_of_range", name + " must be a whole number from " + min + " to " + max));
        return fallback;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private Long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            error(ctx, 400, "invalid_id", "dead letter ids are numbers", List.of());
            return null;
        }
    }

    private ObjectNode toJson(DeadLetter d) {
        OutboxItem item = d.item();
        ObjectNode node = json.createObjectNode();
        node.put("id", item.id());
        node.put("account", item.account());
        node.put("op", item.op().name());
        node.put("keyField", item.keyField());
        node.put("contact", item.keyValue());
        node.put("target", item.target());
        node.put("person", item.personKey());
        node.put("idempotencyKey", item.idempotencyKey());
        node.set("payload", item.payload());
        node.put("createdAt", item.createdAt().toString());
        node.put("attempts", item.attempts());
        node.put("reason", d.reason().name());
        if (d.httpStatus() == null) node.putNull("httpStatus");
        else node.put("httpStatus", d.httpStatus());
        if (d.replyCode() == null) node.putNull("replyCode");
        else node.put("replyCode", d.replyCode());
        node.put("text", d.text());
        node.put("deadAt", d.deadAt().toString());
        return node;
    }

    private void notFound(Context ctx, long id) {
        error(ctx, 404, "not_found", "no dead letter with id " + id, List.of());
    }

    private void error(Context ctx, int status, String code, String message, List<Problem> problems) {
        JsonAnswers.error(ctx, status, code, message, problems);
    }

    private void send(Context ctx, int status, JsonNode body) {
        JsonAnswers.send(ctx, status, body);
    }
}
