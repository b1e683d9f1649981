package io.emarsysdest.server.api;

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
            int limit = Math.min(1000, ctx.queryParamAsClass("limit", Integer.class).getOrDefault(100));
            ctx.json(Map.of("items", eventLog.recentRejections(limit)));
        });
        app.get("/api/ingest/events", ctx -> {
            int limit = Math.min(1000, ctx.queryParamAsClass("limit", Integer.class).getOrDefault(50));
            long head = eventLog.headOffset();
            var events = eventLog.newest(limit).stream()
                    .map(e -> Map.of("offset", e.offset(), "event", e.body())).toList();
            ctx.json(Map.of("head", head, "items", events));
        });
    }
}
