package io.emarsysdest.server.api;

import io.emarsysdest.server.config.Config;
import io.emarsysdest.server.http.JsonAnswers;
import io.javalin.Javalin;

import java.util.Map;

/**
 * {@code GET /api/settings}: every setting the service runs with: value (secrets masked), default, where the value
 * came from and what it does. Read-only: settings change through the environment, the config file or flags, and
 * take effect at the next start.
 */
public final class SettingsApi {
    private final Config config;

    public SettingsApi(Config config) {
        this.config = config;
    }

    public void register(Javalin app) {
        app.get("/api/settings", ctx -> JsonAnswers.send(ctx, 200, Map.of("settings", config.shown())));
    }
}
