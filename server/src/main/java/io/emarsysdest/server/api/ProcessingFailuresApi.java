package io.emarsysdest.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.engine.ProcessingFailure;
import io.emarsysdest.core.engine.ProcessingFailureStore;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.log.EventLog;
import io.emarsysdest.server.http.JsonAnswers;
import io.emarsysdest.server.processing.EventPipeline;
import io.emarsysdest.server.processing.EventProcessor;
import io.emarsysdest.store.processing.JdbcProcessingFailureStore;
import io.javalin.Javalin;
import io.javalin.http.Context;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Events the processor skipped after they failed alone (it moves on so one bad event cannot stop the rest):
 * <pre>
 * GET    /api/processing/failures?offset=&limit=   oldest first, with the error and the event
 * GET    /api/processing/failures/{offset}          one
 * POST   /api/processing/failures/{offset}/retry    applies the event again (after the cause is fixed); gone when it works
 * DELETE /api/processing/failures/{offset}          dismisses it (the event stays in the log until pruned)
 * </pre>
 * A retry runs on the processor thread (the single writer), like a batch of one event.
 */
public final class ProcessingFailuresApi {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource state;
    private final EventLog log;
    private final EventProcessor processor;
    private final EventPipeline pipeline;
    private final InstantSource clock;

    public ProcessingFailuresApi(DataSource state, EventLog log, EventProcessor processor, EventPipeline pipeline, InstantSource clock) {
        this.state = state;
        this.log = log;
        this.processor = processor;
        this.pipeline = pipeline;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.get("/api/processing/failures", this::list);
        app.get("/api/processing/failures/{offset}", this::one);
        app.post("/api/processing/failures/{offset}/retry", this::retry);
        app.delete("/api/processing/failures/{offset}", this::dismiss);
    }

    private void list(Context ctx) throws SQLException {
        Integer skip = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        Integer limit = skip == null ? null : intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        if (limit == null) return;
        try (Connection c = state.getConnection()) {
            ProcessingFailureStore failures = new JdbcProcessingFailureStore(c);
            ObjectNode body = JSON.createObjectNode();
            body.put("total", failures.count());
            ArrayNode items = body.putArray("items");
            for (ProcessingFailure f : failures.list(skip, limit)) items.add(toJson(f));
            send(ctx, 200, body);
        }
    }

    private void one(Context ctx) throws SQLException {
        Long offset = offset(ctx);
        if (offset == null) return;
        Optional<ProcessingFailure> f = find(offset);
        if (f.isEmpty()) notFound(ctx, offset);
        else send(ctx, 200, toJson(f.get()));
    }

    private void retry(Context ctx) throws Exception {
        Long offset = offset(ctx);
        if (offset == null) return;
        Optional<ProcessingFailure> found = find(offset);
        if (found.isEmpty()) {
            notFound(ctx, offset);
            return;
        }
        Event event = found.get().event() != null ? found.get().event() : fromLog(offset);
        if (event == null) {
            error(ctx, 410, "event_unavailable", "event " + offset + " was recorded without its body and the log no longer holds it; dismiss it");
            return;
        }
        try {
            processor.submit(tx -> {
                pipeline.apply(tx, List.of(event));
                new JdbcProcessingFailureStore(tx).delete(offset);
            }).get(60, TimeUnit.SECONDS);
            ObjectNode body = JSON.createObjectNode().put("offset", offset).put("messageId", event.messageId()).put("retried", true);
            send(ctx, 200, body);
        } catch (ExecutionException e) {
            String cause = String.valueOf(e.getCause());
            processor.submit(tx -> new JdbcProcessingFailureStore(tx).retryFailed(offset, clock.instant(), cause)).get(60, TimeUnit.SECONDS);
            error(ctx, 422, "retry_failed", "event " + offset + " failed again: " + cause);
        } catch (TimeoutException e) {
            error(ctx, 503, "processor_busy", "the processor did not get to the retry within 60 s; try again");
        }
    }

    private void dismiss(Context ctx) throws Exception {
        Long offset = offset(ctx);
        if (offset == null) return;
        boolean[] deleted = new boolean[1];
        processor.submit(tx -> deleted[0] = new JdbcProcessingFailureStore(tx).delete(offset)).get(60, TimeUnit.SECONDS);
        if (!deleted[0]) notFound(ctx, offset);
        else send(ctx, 200, JSON.createObjectNode().put("offset", offset).put("dismissed", true));
    }

    private Optional<ProcessingFailure> find(long offset) throws SQLException {
        try (Connection c = state.getConnection()) {
            return new JdbcProcessingFailureStore(c).find(offset);
        }
    }

    private Event fromLog(long offset) {
        List<Event> read = log.readAfter(offset - 1, 1);
        return !read.isEmpty() && read.get(0).offset() == offset ? read.get(0) : null;
    }

    private static ObjectNode toJson(ProcessingFailure f) {
        ObjectNode o = JSON.createObjectNode();
        o.put("offset", f.offset());
        o.put("messageId", f.messageId());
        o.put("failedAt", f.failedAt().toString());
        o.put("error", f.error());
        o.put("attempts", f.attempts());
        if (f.event() != null) o.set("event", f.event().body());
        else o.putNull("event");
        return o;
    }

    private static Long offset(Context ctx) {
        try {
            long o = Long.parseLong(ctx.pathParam("offset"));
            if (o > 0) return o;
        } catch (NumberFormatException ignored) {
            // answered below
        }
        error(ctx, 400, "invalid_offset", "the offset must be a positive whole number (the event's position in the log)");
        return null;
    }

    private static Integer intParam(Context ctx, String name, int fallback, int min, int max) {
        return io.emarsysdest.server.http.QueryParams.intParam(ctx, name, fallback, min, max);
    }

    private static void notFound(Context ctx, long offset) {
        error(ctx, 404, "not_found", "no processing failure at offset " + offset);
    }

    private static void error(Context ctx, int status, String code, String message) {
        JsonAnswers.error(ctx, status, code, message);
    }

    private static void send(Context ctx, int status, JsonNode body) {
        JsonAnswers.send(ctx, status, body);
    }
}
