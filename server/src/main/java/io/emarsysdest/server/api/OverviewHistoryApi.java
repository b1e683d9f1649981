package io.emarsysdest.server.api;

import io.emarsysdest.server.debugger.OverviewHistory;
import io.emarsysdest.server.http.JsonAnswers;
import io.javalin.Javalin;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/overview/history}: the overview's numbers over the last hour, one sample every 5 s, oldest first. */
public final class OverviewHistoryApi {
    private final OverviewHistory history;

    public OverviewHistoryApi(OverviewHistory history) {
        this.history = history;
    }

    public void register(Javalin app) {
        app.get("/api/overview/history", ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("intervalSeconds", history.interval().toSeconds());
            body.put("samples", history.samples());
            JsonAnswers.send(ctx, 200, body);
        });
    }
}
