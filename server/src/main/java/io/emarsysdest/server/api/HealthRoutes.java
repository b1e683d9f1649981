package io.emarsysdest.server.api;

import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code /health/live}: the process answers. {@code /health/ready} (and {@code /health}): it can take traffic,
 * meaning every named check passes (event log, state database, processor…); 503 otherwise, with which failed.
 */
public final class HealthRoutes {
    private final Map<String, BooleanSupplier> checks;
    private final Supplier<Map<String, Object>> details;

    public HealthRoutes(Map<String, BooleanSupplier> checks, Supplier<Map<String, Object>> details) {
        this.checks = checks;
        this.details = details;
    }

    public void register(Javalin app) {
        app.get("/health/live", ctx -> ctx.json(Map.of("status", "up")));
        app.get("/health/ready", this::ready);
        app.get("/health", this::ready);
    }

    private void ready(Context ctx) {
        Map<String, String> results = new LinkedHashMap<>();
        boolean all = true;
        for (var e : checks.entrySet()) {
            boolean ok;
            try {
                ok = e.getValue().getAsBoolean();
            } catch (RuntimeException ex) {
                ok = false;
            }
            results.put(e.getKey(), ok ? "up" : "down");
            all &= ok;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", all ? "ready" : "unready");
        body.put("checks", results);
        body.putAll(details.get());
        ctx.status(all ? 200 : 503).json(body);
    }
}
