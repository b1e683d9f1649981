package io.emarsysdest.server.api;

import io.emarsysdest.server.http.QueryParams;
import io.emarsysdest.store.eventlog.SqliteEventLog;
import io.javalin.Javalin;

import java.util.Map;

/** Operator views of ingest: recently rejected items with every problem, and the newest stored events. */
public final class IngestAdminRoutes {
    private final SqliteEventLog eventLog;

    public IngestAdminRoutes(SqliteEventLog eventLog) {
        this.eventLog = eventLog;
    }

    public void register(Javalin app) {
        app.get("/api/ingest/rejected", ctx -> {
            Integer limit = QueryParams.intParam(ctx, "limit", 100, 1, 1000);
            if (limit == null) return;
            ctx.json(Map.of("items", eventLog.recentRejections(limit)));
        });
        app.get("/api/ingest/events", ctx -> {
            Integer limit = QueryParams.intParam(ctx, "limit", 50, 1, 1000);
            if (limit == null) return;
            long head = eventLog.headOffset();
            var events = eventLog.newest(limit).stream()
                    .map(e -> Map.of("offset", e.offset(), "event", e.body())).toList();
            ctx.json(Map.of("head", head, "items", events));
        });
    }
}
